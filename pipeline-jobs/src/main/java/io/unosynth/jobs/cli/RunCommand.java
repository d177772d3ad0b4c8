package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.plan.PlanJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "The whole pipeline, stage after stage, resuming where a previous run stopped. "
                + "Stages so far: plan, generate.")
final class RunCommand extends StageCommand {
    @Override
    String name() {
        return "run";
    }

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        PlanJob.run(spark, storage, config, options.force, System.out);
        GenerateJob.run(spark, storage, config, options.force, System.out);
    }
}
