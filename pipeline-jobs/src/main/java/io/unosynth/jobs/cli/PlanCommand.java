package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.plan.PlanJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Stage 1: categories -> subjects -> scenes -> diptych prompts with seeds (<out>/plan).")
final class PlanCommand extends StageCommand {
    @Override
    String name() {
        return PlanJob.STAGE;
    }

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        PlanJob.run(spark, storage, config, options.force, System.out);
    }
}
