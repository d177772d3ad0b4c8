package io.unosynth.jobs.report;

import io.unosynth.core.coevolve.CoevolutionPlan;
import io.unosynth.core.coevolve.CoevolutionStep;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.PipelineException;
import io.unosynth.core.evaluate.EvaluationSummary;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.report.CoevolutionReport;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardStats;
import io.unosynth.core.shard.StageStorage;
import io.unosynth.core.shard.UpstreamMarkers;
import io.unosynth.jobs.evaluate.EvaluateJob;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.generate.PairRowColumns;
import io.unosynth.jobs.parquet.ParquetShardReader;
import io.unosynth.jobs.storage.HadoopStageStorage;
import io.unosynth.jobs.storage.SerializableHadoopConf;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The report across the rounds of {@code unosynth coevolve}, {@code <out>/report/coevolution.html}
 * ({@link CoevolutionReport}): read on the driver from each round's shard markers (the funnel), its evaluate
 * Parquet (the metrics), its training step logs (the loss curves) and its generate Parquet (the sample grid).
 */
public final class CoevolutionReportJob {
    public static final String FILE = "report/coevolution.html";
    /** Plan rows in the sample grid. */
    public static final int SAMPLES = 4;

    private CoevolutionReportJob() {}

    /** Writes the report under the loop's output root; returns its path relative to it. */
    public static String run(SparkSession spark, StageStorage storage, CoevolutionPlan plan, PrintStream console) {
        SerializableHadoopConf hadoop = new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
        List<CoevolutionReport.Round> rounds = new ArrayList<>();
        List<Map<String, PairRow>> generated = new ArrayList<>();
        for (int round = 1; round <= plan.rounds(); round++) {
            StageStorage roundStorage = new HadoopStageStorage(plan.output() + "/"
                    + CoevolutionPlan.roundDirectory(round), hadoop.get());
            Map<String, Long> rowsOut = new LinkedHashMap<>();
            int current = round;
            for (CoevolutionStep step : plan.steps()) {
                if (step.round() == current && !step.training() && hasShards(roundStorage, step.stage())) {
                    rowsOut.put(step.stage(), UpstreamMarkers.read(roundStorage, step.stage()).shards().stream()
                            .mapToLong(ShardStats::rowsOut).sum());
                }
            }
            Optional<EvaluationSummary> evaluation = hasShards(roundStorage, EvaluateJob.STAGE)
                    ? Optional.of(EvaluationSummary.of(EvaluateJob.readRows(roundStorage, hadoop)))
                    : Optional.empty();
            String generator = round == 1 || !plan.config().handoff() ? "configured (" + plan.generatorModel() + ")"
                    : "round " + (round - 1) + " Stage II";
            rounds.add(new CoevolutionReport.Round(round, rowsOut, evaluation, generator,
                    ReportJob.training(roundStorage)));
            generated.add(hasShards(roundStorage, GenerateJob.STAGE) ? firstPairs(roundStorage, hadoop)
                    : Map.of());
        }
        List<CoevolutionReport.SampleRow> samples = new ArrayList<>();
        for (PairRow first : generated.get(0).values()) {
            List<byte[]> targets = new ArrayList<>();
            generated.forEach(round -> targets.add(round.containsKey(first.planId())
                    ? round.get(first.planId()).targetPng() : null));
            samples.add(new CoevolutionReport.SampleRow(first.planId(), first.prompt(), targets));
        }
        byte[] html = new CoevolutionReport(rounds, samples).html();
        try {
            storage.writeWhole(FILE, "report/" + ShardLayout.STAGING + "-coevolution.html", html);
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot write " + storage.describe() + "/"
                    + FILE + ": " + e, e);
        }
        console.printf("[coevolve] report: %d round(s), %d sample row(s)%n", rounds.size(), samples.size());
        return FILE;
    }

    /**
     * The first {@link #SAMPLES} generated pairs in shard order, by plan id. Every round has the same plan and so the
     * same generate shards: these are the same plan rows in every round. Reads only the shards it needs.
     */
    private static Map<String, PairRow> firstPairs(StageStorage storage, SerializableHadoopConf hadoop) {
        Map<String, PairRow> byPlan = new LinkedHashMap<>();
        UpstreamMarkers generate = UpstreamMarkers.read(storage, GenerateJob.STAGE);
        for (ShardStats shard : generate.shards()) {
            try (ParquetShardReader<PairRow> pairs = ParquetShardReader.open(generate.file(shard), hadoop.get(),
                    PairRowColumns::fromGroup)) {
                for (PairRow pair : pairs) {
                    if (byPlan.size() == SAMPLES) {
                        return byPlan;
                    }
                    byPlan.put(pair.planId(), pair);
                }
            }
        }
        return byPlan;
    }

    private static boolean hasShards(StageStorage storage, String stage) {
        try {
            return !storage.list(stage + "/" + ShardLayout.MARKERS).isEmpty();
        } catch (IOException e) {
            throw new PipelineException(PipelineErrorCode.STORAGE_FAILURE, "Cannot list the shards of stage '"
                    + stage + "' in " + storage.describe() + ": " + e, e);
        }
    }
}
