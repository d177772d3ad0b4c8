package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.score.ScoreSetsJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(name = "score-sets", mixinStandardHelpOptions = true,
        description = "The vision-language judge on every reference of expand's multi-subject sets, against the set's "
                + "target, or marks them unscored without a judge endpoint (<out>/score-sets); encode-sets encodes "
                + "the sets whose every reference select would keep.")
final class ScoreSetsCommand extends StageCommand {
    @Override
    String name() {
        return ScoreSetsJob.STAGE;
    }

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        ScoreSetsJob.run(spark, storage, config, options.force, System.out);
    }
}
