package io.unosynth.bench;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.progress.StageSummary;
import io.unosynth.core.shard.LocalStageStorage;
import io.unosynth.core.shard.ShardId;
import io.unosynth.core.shard.ShardLayout;
import io.unosynth.core.shard.ShardProtocol;
import io.unosynth.core.shard.TaskAttempt;
import io.unosynth.jobs.filter.FilterJob;
import io.unosynth.jobs.generate.GenerateJob;
import io.unosynth.jobs.generate.PairRowColumns;
import io.unosynth.jobs.parquet.ParquetRowFormat;
import io.unosynth.jobs.storage.HadoopStageStorage;
import io.unosynth.runtime.demo.DinoEmbedder;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.registry.ModelRegistry;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.staging.LocalDirectoryFiles;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/**
 * The real {@code filter} stage ({@link FilterJob} on local Spark: generate shards in Parquet, one task per shard,
 * decisions written back through the shard protocol) against the bare ONNX Runtime loop on the same model and the
 * same pairs, in one JVM:
 * <ul>
 *   <li>(a) bare: {@code session.run} over the pairs' pre-built {@code pixel_values}, 16 images per call, on one
 *       thread;</li>
 *   <li>(b) stage: {@code FilterJob.run(..., force)}; its rate on Spark job time (from a {@link SparkListener}: job
 *       start to job end, summed over the jobs the stage runs) and on the command's wall time (planning, marker
 *       reads and the summary included).</li>
 * </ul>
 * Rounds alternate the order of (a) and (b); each round's rates and b/a are printed, then their medians. The CPU
 * column is the process's CPU time (every thread: Spark's, ONNX Runtime's, the preprocessing workers') per image.
 *
 * <p>Usage: {@code FilterSparkBench [model demo|vit-s14] [pairs] [shards] [rounds] [intra-op threads, 0 = ORT
 * default]}.
 */
public final class FilterSparkBench {
    private FilterSparkBench() {}

    public static void main(String[] args) throws Exception {
        String model = args.length > 0 ? args[0] : "vit-s14";
        int pairCount = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int shards = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int intraOp = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        DinoEmbedder.Params params = model.equals("demo")
                ? DinoEmbedder.Params.DEMO
                : DinoEmbedder.Params.VIT_S14;

        Path directory = Files.createTempDirectory("unosynth-filter-spark-bench-");
        Path file = directory.resolve("model.onnx");
        DinoEmbedder.write(params, 7, file);
        Path run = directory.resolve("run");
        UnosynthConfig config = UnosynthConfig.bind(ConfigValues.of(Map.of(
                "run.output", run.toString(),
                "models.dino." + ModelSpec.LOCATION, file.toString(),
                "models.dino." + ModelSpec.INTRA_OP_THREADS, String.valueOf(intraOp),
                "models.cache-dir", directory.resolve("cache").toString(),
                // the whole band passes, so every pair is embedded and written
                "filter.low", "-1.0", "filter.high", "1.0")));
        List<PairRow> pairs = FilterStageBench.pairs(pairCount);
        writeGenerateShards(run, pairs, shards);
        int images = 2 * pairs.size();

        SparkSession spark = SparkSession.builder()
                .master("local[" + Runtime.getRuntime().availableProcessors() + "]")
                .appName("unosynth-filter-bench")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .getOrCreate();
        JobTimes jobTimes = new JobTimes();
        spark.sparkContext().addSparkListener(jobTimes);
        HadoopStageStorage storage = new HadoopStageStorage(run.toString(), spark.sparkContext().hadoopConfiguration());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        ModelLoader loader = ModelLoader.create(config.models(), new LocalDirectoryFiles(directory), 7);
        try (ModelRegistry.Lease<ModelSession> lease = loader.acquire("dino", List.of(), ModelSignature.EMPTY)) {
            List<Tensor> tensors = FilterStageBench.tensors(pairs);
            int modelThreads = FilterStageBench.stageModelCalls(config.models());
            Runnable bare = FilterStageBench.bareLoop(lease.value(), tensors, modelThreads);
            long[] stageWall = new long[1];
            Runnable stage = () -> {
                long start = System.nanoTime();
                StageSummary summary = FilterJob.run(spark, storage, config, true, quiet);
                stageWall[0] = System.nanoTime() - start;
                if (summary.rowsOut() != pairs.size()) {
                    throw new IllegalStateException("Invalid stage run: " + summary.rowsOut() + " decisions");
                }
            };
            // Warm-up: JIT, ORT's first-run allocations, the stage's model load (kept by models.idle-timeout).
            bare.run();
            stage.run();

            double[][] rates = new double[4][rounds]; // a, b on job time, b on command wall, b/a
            double[][] cpu = new double[2][rounds];
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < 2; k++) {
                    boolean bareTurn = (round + k) % 2 == 0;
                    long cpuStart = FilterStageBench.processCpuNanos();
                    long start = System.nanoTime();
                    if (bareTurn) {
                        bare.run();
                        rates[0][round] = images / ((System.nanoTime() - start) / 1e9);
                        cpu[0][round] = (FilterStageBench.processCpuNanos() - cpuStart) / 1e6 / images;
                    } else {
                        jobTimes.reset();
                        stage.run();
                        // the listener bus is asynchronous: let it deliver the stage's job events
                        spark.sparkContext().listenerBus().waitUntilEmpty();
                        cpu[1][round] = (FilterStageBench.processCpuNanos() - cpuStart) / 1e6 / images;
                        rates[1][round] = images / (jobTimes.awaitTotalMillis() / 1e3);
                        rates[2][round] = images / (stageWall[0] / 1e9);
                    }
                }
                rates[3][round] = rates[1][round] / rates[0][round];
                System.out.printf(Locale.ROOT, "round %d: (a) %.1f img/s, (b) %.1f img/s on job time, %.1f on "
                        + "command wall, b/a %.2f; CPU a %.1f, b %.1f ms/img%n", round + 1, rates[0][round],
                        rates[1][round], rates[2][round], rates[3][round], cpu[0][round], cpu[1][round]);
            }
            System.out.printf(Locale.ROOT, "model %s, %d pairs (%d images of 512x512 PNG) in %d shards, %d rounds, "
                    + "%d cores, intra-op %s; medians:%n", model, pairs.size(), images, shards, rounds,
                    Runtime.getRuntime().availableProcessors(), intraOp == 0 ? "ONNX Runtime's choice" : String.valueOf(intraOp));
            System.out.printf(Locale.ROOT, "(a) bare session.run               %7.1f img/s  CPU %6.1f ms/img%n",
                    median(rates[0]), median(cpu[0]));
            System.out.printf(Locale.ROOT, "(b) filter stage, Spark job time   %7.1f img/s  CPU %6.1f ms/img%n",
                    median(rates[1]), median(cpu[1]));
            System.out.printf(Locale.ROOT, "(b) filter stage, command wall     %7.1f img/s%n", median(rates[2]));
            System.out.printf(Locale.ROOT, "b/a (job time) = %.2f%n", median(rates[3]));
            System.out.printf(Locale.ROOT, "stage CPU beyond the model (process CPU b - a) = %.1f ms/img%n",
                    median(cpu[1]) - median(cpu[0]));
            // The process CPU above includes ONNX Runtime's spinning pool threads, which spin more or less with the
            // machine's load; the stage's own per-image work (decode + DINOv2 preprocessing) timed on one thread is
            // the steadier figure, and with a core of its own it runs beside the model.
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long preprocessCpu = threads.getCurrentThreadCpuTime();
            long preprocessStart = System.nanoTime();
            FilterStageBench.tensors(pairs);
            double preprocessRate = images / ((System.nanoTime() - preprocessStart) / 1e9);
            System.out.printf(Locale.ROOT, "(c) decode + preprocessing, one thread: CPU %.1f ms/img (%.1f img/s)%n",
                    (threads.getCurrentThreadCpuTime() - preprocessCpu) / 1e6 / images, preprocessRate);
        } finally {
            spark.stop();
            try (var files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Generate's output for {@code pairs}, split over {@code shards} Parquet shards with their markers. */
    static void writeGenerateShards(Path run, List<PairRow> pairs, int shards) throws Exception {
        LocalStageStorage storage = new LocalStageStorage(run);
        ShardProtocol protocol = new ShardProtocol(new ShardLayout(GenerateJob.STAGE, "parquet"), "bench", "bench");
        ParquetRowFormat<PairRow> format = new ParquetRowFormat<>(PairRowColumns.COLUMNS,
                CompressionCodecName.UNCOMPRESSED);
        int perShard = (pairs.size() + shards - 1) / shards;
        for (int s = 0; s < shards; s++) {
            List<PairRow> slice = new ArrayList<>(pairs.subList(Math.min(pairs.size(), s * perShard),
                    Math.min(pairs.size(), (s + 1) * perShard)));
            protocol.execute(storage, new ShardId(String.format(Locale.ROOT, "c0007-g%03d", s)), TaskAttempt.local(),
                    format, emitter -> slice.forEach(emitter::emit));
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Spark's own job timing: start to end of every job since the last reset, summed. */
    static final class JobTimes extends SparkListener {
        private final Map<Integer, Long> started = new ConcurrentHashMap<>();
        private final Map<Integer, Long> ended = new ConcurrentHashMap<>();

        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
            started.put(jobStart.jobId(), jobStart.time());
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd jobEnd) {
            ended.put(jobEnd.jobId(), jobEnd.time());
        }

        void reset() {
            started.clear();
            ended.clear();
        }

        /** Waits for the listener bus to deliver every end event (it is asynchronous), then sums the jobs. */
        long awaitTotalMillis() {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (started.isEmpty() || !ended.keySet().containsAll(started.keySet())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Cannot time the stage: Spark reported " + started.size()
                            + " job(s) started and " + ended.size() + " ended");
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Cannot time the stage: interrupted", e);
                }
            }
            return started.entrySet().stream().mapToLong(e -> ended.get(e.getKey()) - e.getValue()).sum();
        }
    }
}
