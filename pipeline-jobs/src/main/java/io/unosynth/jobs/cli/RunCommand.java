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
import java.util.LinkedHashMap;
import java.util.Map;
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
        Map<String, Long> wall = new LinkedHashMap<>();
        timed(wall, PlanJob.STAGE, () -> PlanJob.run(spark, storage, config, options.force, System.out));
        timed(wall, GenerateJob.STAGE, () -> GenerateJob.run(spark, storage, config, options.force, System.out));
        timed(wall, FilterJob.STAGE, () -> FilterJob.run(spark, storage, config, options.force, System.out));
        timed(wall, ScoreJob.STAGE, () -> ScoreJob.run(spark, storage, config, options.force, System.out));
        timed(wall, SelectJob.STAGE, () -> SelectJob.run(spark, storage, config, options.force, System.out));
        timed(wall, ExportJob.STAGE, () -> ExportJob.run(spark, storage, config, options.force, System.out));
        if (expand) {
            timed(wall, ExpandJob.STAGE, () -> ExpandJob.run(spark, storage, config, options.force, System.out));
        }
        System.out.println("report -> " + storage.describe() + "/"
                + ReportJob.run(spark, storage, config, ReportJob.SAMPLES_DEFAULT, reportContext(wall), System.out));
    }

    /** Runs a stage, recording its wall time for the report. */
    private static void timed(Map<String, Long> wall, String stage, Runnable run) {
        long start = System.nanoTime();
        run.run();
        wall.put(stage, (System.nanoTime() - start) / 1_000_000);
    }
}
