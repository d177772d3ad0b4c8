package io.unosynth.jobs.cli;

import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.shard.StageGraph;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.jobs.encode.EncodeJob;
import io.unosynth.jobs.expand.ExpandJob;
import io.unosynth.jobs.export.ExportJob;
import io.unosynth.jobs.filter.FilterJob;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.plan.PlanJob;
import io.unosynth.jobs.report.ReportJob;
import io.unosynth.jobs.score.ScoreJob;
import io.unosynth.jobs.score.ScoreSetsJob;
import io.unosynth.jobs.select.SelectJob;
import java.util.LinkedHashMap;
import java.io.PrintStream;
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

    @Option(names = "--encode", description = "Also run the encode stage (latents and embeddings for training) "
            + "after export (with --expand, also score-sets and encode-sets: the multi-subject sets judged, and "
            + "those selected encoded).")
    boolean encode;

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
            ExportJob.STAGE, ExportJob::run,
            ExpandJob.STAGE, ExpandJob::run,
            ScoreSetsJob.STAGE, ScoreSetsJob::run,
            EncodeJob.STAGE, EncodeJob::run,
            EncodeJob.SETS_STAGE, EncodeJob::runSets);

    @Override
    void runStages(SparkSession spark, StageStorage storage, UnosynthConfig config) {
        Map<String, Long> wall = new LinkedHashMap<>();
        // Stages after a redone one see its new data hashes and redo what read it, so --force flows down as well.
        StageGraph.UNO.bind(RUNNERS).forEach((stage, runner) -> {
            if (stage.name().equals(ExpandJob.STAGE) && !expand
                    || stage.name().equals(EncodeJob.STAGE) && !encode
                    || (stage.name().equals(ScoreSetsJob.STAGE) || stage.name().equals(EncodeJob.SETS_STAGE))
                            && !(expand && encode)) {
                return;
            }
            timed(wall, stage.name(), () -> runner.run(spark, storage, config, options.force, System.out));
        });
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
