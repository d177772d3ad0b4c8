package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.filter.FilterJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(name = "filter", mixinStandardHelpOptions = true,
        description = "Stage 3: DINOv2 consistency of each pair's halves, kept within [filter.low, filter.high] (<out>/filter).")
final class FilterCommand extends StageCommand {
    @Override
    String name() {
        return FilterJob.STAGE;
    }

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        FilterJob.run(spark, storage, config, options.force, System.out);
    }
}
