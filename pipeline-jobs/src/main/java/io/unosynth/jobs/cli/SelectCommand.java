package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.select.SelectJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(name = "select", mixinStandardHelpOptions = true,
        description = "Stage 5: final-score thresholds give the training set; one row per pair, the run's funnel (<out>/select).")
final class SelectCommand extends StageCommand {
    @Override
    String name() {
        return SelectJob.STAGE;
    }

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        SelectJob.run(spark, storage, config, options.force, System.out);
    }
}
