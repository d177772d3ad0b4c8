package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.score.ScoreJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Stage 4: a vision-language judge scores the pairs that passed the filter, or marks them unscored without a judge endpoint (<out>/score).")
final class ScoreCommand extends StageCommand {
    @Override
    String name() {
        return ScoreJob.STAGE;
    }

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        ScoreJob.run(spark, storage, config, options.force, System.out);
    }
}
