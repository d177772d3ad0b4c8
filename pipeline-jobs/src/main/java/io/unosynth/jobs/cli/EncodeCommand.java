package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.encode.EncodeJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "What training needs of every exported pair: VAE latents of the target (in its aspect "
                + "bucket) and reference, T5 + CLIP embeddings of the prompt, and once the empty prompt's "
                + "(<out>/encode).")
final class EncodeCommand extends StageCommand {
    @Override
    String name() {
        return EncodeJob.STAGE;
    }

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        EncodeJob.run(spark, storage, config, options.force, System.out);
    }
}
