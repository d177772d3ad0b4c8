package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import io.unosynth.core.plan.PromptTemplate;
import io.unosynth.core.shard.RunCaches;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.taxonomy.Taxonomy;
import io.unosynth.jobs.spark.SparkSessions;
import io.unosynth.runtime.staging.LocalModelChecksum;
import io.unosynth.jobs.storage.HadoopStageStorage;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;

/** A command that runs stages on Spark: config is bound and checked before Spark starts. */
abstract class StageCommand implements Callable<Integer> {
    @Mixin
    RunOptions options;

    @Override
    public final Integer call() {
        UnosynthConfig config;
        try {
            config = options.load();
            // Fail on a bad selection, taxonomy or template now, not after Spark has started.
            Taxonomy.load(config.taxonomy()).select(config.taxonomy().categories());
            PromptTemplate.load(config.plan().promptTemplateFile());
            LocalModelChecksum.verify(config.models());
        } catch (IllegalArgumentException e) {
            // Before Spark starts an invalid value can only be the user's; later, a bare exception is a bug (70).
            throw new ValidationException(PipelineErrorCode.INVALID_CONFIG, e.getMessage());
        }
        SparkSession spark = SparkSessions.create("unosynth " + name(), options.master, config.sparkProperties());
        try {
            StageStorage storage = new HadoopStageStorage(config.run().output(),
                    spark.sparkContext().hadoopConfiguration());
            System.out.println("unosynth " + name() + " -> " + storage.describe());
            if (options.dropCaches) {
                RunCaches.drop(storage);
            }
            runStages(spark, storage, config);
            return 0;
        } finally {
            spark.stop();
        }
    }

    abstract String name();

    abstract void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config);
}
