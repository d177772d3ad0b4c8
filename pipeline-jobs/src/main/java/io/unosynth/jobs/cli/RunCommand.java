package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.expand.ExpandJob;
import io.unosynth.jobs.export.ExportJob;
import io.unosynth.jobs.filter.FilterJob;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.plan.PlanJob;
import io.unosynth.jobs.report.ReportJob;
import io.unosynth.jobs.score.ScoreJob;
import io.unosynth.jobs.select.SelectJob;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "The whole pipeline, stage after stage, resuming where a previous run stopped. "
                + "Stages: plan, generate, filter, score, select, export, report.")
final class RunCommand extends StageCommand {
    @Option(names = "--expand", description = "Also run the expand stage (multi-subject sets) after export.")
    boolean expand;

    @Override
    String name() {
        return "run";
    }

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        PlanJob.run(spark, storage, config, options.force, System.out);
        GenerateJob.run(spark, storage, config, options.force, System.out);
        FilterJob.run(spark, storage, config, options.force, System.out);
        ScoreJob.run(spark, storage, config, options.force, System.out);
        SelectJob.run(spark, storage, config, options.force, System.out);
        ExportJob.run(spark, storage, config, options.force, System.out);
        if (expand) {
            ExpandJob.run(spark, storage, config, options.force, System.out);
        }
        System.out.println("report -> " + storage.describe() + "/"
                + ReportJob.run(spark, storage, config, ReportJob.SAMPLES_DEFAULT, System.out));
    }
}
