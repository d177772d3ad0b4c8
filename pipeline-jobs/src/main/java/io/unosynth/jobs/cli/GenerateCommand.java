package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.generate.GenerateJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Stage 2: render each planned prompt as a diptych and cut it into a (reference, target) pair "
                + "(<out>/generate).")
final class GenerateCommand extends StageCommand {
    @Override
    String name() {
        return GenerateJob.STAGE;
    }

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        GenerateJob.run(spark, storage, config, options.force, System.out);
    }
}
