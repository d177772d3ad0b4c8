package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageGraph;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.export.ExportJob;
import io.unosynth.jobs.filter.FilterJob;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.plan.PlanJob;
import io.unosynth.jobs.report.ReportJob;
import io.unosynth.jobs.score.ScoreJob;
import io.unosynth.jobs.select.SelectJob;
import java.io.PrintStream;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "The whole pipeline, stage after stage, resuming where a previous run stopped. "
                + "Stages: plan, generate, filter, score, select, export, report.")
final class RunCommand extends StageCommand {
    @Override
    String name() {
        return "run";
    }

    /** What runs each stage of {@link StageGraph#UNO}; a new stage adds its declaration there and its job here. */
    interface StageRunner {
        void run(SparkSession spark, StageStorage storage, UnosynthConfig config, boolean force, PrintStream console);
    }

    static final Map<String, StageRunner> RUNNERS = Map.of(
            PlanJob.STAGE, PlanJob::run,
            GenerateJob.STAGE, GenerateJob::run,
            FilterJob.STAGE, FilterJob::run,
            ScoreJob.STAGE, ScoreJob::run,
            SelectJob.STAGE, SelectJob::run,
            ExportJob.STAGE, ExportJob::run);

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        // Stages after a redone one see its new data hashes and redo what read it, so --force flows down as well.
        StageGraph.UNO.bind(RUNNERS).values()
                .forEach(runner -> runner.run(spark, storage, config, options.force, System.out));
        System.out.println("report -> " + storage.describe() + "/"
                + ReportJob.run(spark, storage, config, ReportJob.SAMPLES_DEFAULT, System.out));
    }
}
