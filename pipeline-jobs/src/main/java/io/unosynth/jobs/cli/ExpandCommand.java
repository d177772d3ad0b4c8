package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.expand.ExpandJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(name = "expand", mixinStandardHelpOptions = true,
        description = "Multi-subject sets (UNO Stage II) from the selected pairs: detect other subjects in each "
                + "target, crop, regenerate clean references, check them; Parquet parts, images/, "
                + "uno_train_n<N>.json per reference count and uno_1m_multi.jsonl (<out>/expand).")
final class ExpandCommand extends StageCommand {
    @Override
    String name() {
        return ExpandJob.STAGE;
    }

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        ExpandJob.run(spark, storage, config, options.force, System.out);
    }
}
