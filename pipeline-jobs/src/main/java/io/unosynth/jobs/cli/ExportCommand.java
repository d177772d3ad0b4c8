package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.export.ExportJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Stage 6: write the selected pairs as a training set: Parquet parts with both PNGs, "
                + "images/, uno_train.json and uno_1m.jsonl (<out>/export).")
final class ExportCommand extends StageCommand {
    @Override
    String name() {
        return ExportJob.STAGE;
    }

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        ExportJob.run(spark, storage, config, options.force, System.out);
    }
}
