package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.evaluate.EvaluateJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "DreamBench protocol: K images per (subject, prompt) of evaluate.set with the FLUX model, scored "
                + "by DINO v1, CLIP-I and CLIP-T (<out>/evaluate, summary.json).")
final class EvaluateCommand extends StageCommand {
    @Override
    String name() {
        return EvaluateJob.STAGE;
    }

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        EvaluateJob.run(spark, storage, config, options.force, System.out);
    }
}
