package io.unosynth.bench;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.config.ModelsConfig;
import io.unosynth.core.config.UnosynthConfig;
import io.unosynth.core.filter.ConsistencyBand;
import io.unosynth.core.filter.FilterDecision;
import io.unosynth.core.filter.FilterShardWork;
import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.Photos;
import io.unosynth.core.pair.PairFixtures;
import io.unosynth.core.pair.PairRow;
import io.unosynth.core.shard.CollectingEmitter;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ContractSession;
import io.unosynth.runtime.contracts.dino.DinoEmbedder;
import io.unosynth.runtime.contracts.dino.DinoPairSimilarity;
import io.unosynth.runtime.contracts.dino.DinoPreprocessor;
import io.unosynth.runtime.demo.DinoEmbedder.Params;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.registry.ModelRegistry;
import io.unosynth.runtime.spi.ModelSession;
import io.unosynth.runtime.spi.ModelSignature;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.staging.LocalDirectoryFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The filter stage's model work against the bare ONNX Runtime loop, side by side on one model and one set of pairs,
 * in one JVM:
 * <ul>
 *   <li>(a) bare: {@code session.run} over the pairs' pre-built {@code pixel_values}, batches of 16 images;</li>
 *   <li>(b) stage: {@link FilterShardWork} with the stage's {@link DinoPairSimilarity} (PNG bytes -> decode ->
 *       DINOv2 preprocessing on worker threads, 8 pairs per model call, cosine, band decision), as a filter task runs
 *       it for a shard, without Spark's scheduling and Parquet I/O;</li>
 *   <li>(c) preprocessing alone on one thread (decode + resize/crop/normalise), for the free-core projection.</li>
 * </ul>
 * The machine is shared and its load shifts within minutes, so each round runs all paths back to back (rotating the
 * order) and the ratios come from wall times summed over the rounds.
 *
 * <p>Usage: {@code FilterStageBench [model demo|vit-s14] [pairs] [rounds] [intra-op threads, 0 = ORT default]}.
 */
public final class FilterStageBench {
    private FilterStageBench() {}

    public static void main(String[] args) throws Exception {
        String model = args.length > 0 ? args[0] : "vit-s14";
        int pairCount = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int intraOp = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Params params = model.equals("demo") ? Params.DEMO : Params.VIT_S14;

        Path directory = Files.createTempDirectory("unosynth-filter-bench-");
        Path file = directory.resolve("model.onnx");
        io.unosynth.runtime.demo.DinoEmbedder.write(params, 7, file);
        ModelLoader loader = ModelLoader.create(ModelsConfig.from(ConfigValues.of(Map.of(
                "models.dino." + ModelSpec.LOCATION, file.toString(),
                "models.dino." + ModelSpec.INTRA_OP_THREADS, String.valueOf(intraOp),
                "models.cache-dir", directory.resolve("cache").toString()))), new LocalDirectoryFiles(directory), 7);
        List<PairRow> pairs = pairs(pairCount);
        int images = 2 * pairs.size();
        try (ModelRegistry.Lease<ModelSession> lease = loader.acquire("dino", List.of(), ModelSignature.EMPTY);
                DinoPairSimilarity similarity = new DinoPairSimilarity(
                        new DinoEmbedder(new ContractSession(lease.value(), loader.spec("dino")), BatchSize.DEFAULT),
                        "dino=bench", DinoPairSimilarity.defaultSettings(loader.spec("dino"), List.of(),
                                Runtime.getRuntime().availableProcessors()))) {
            List<Tensor> tensors = tensors(pairs);
            ConsistencyBand band = ConsistencyBand.of(UnosynthConfig.defaults().filter());
            Runnable bare = bareLoop(lease.value(), tensors, similarity.settings().inferenceThreads());
            Runnable stage = () -> {
                CollectingEmitter<FilterDecision> emitter = new CollectingEmitter<>();
                new FilterShardWork(pairs, band, similarity).run(emitter);
                if (emitter.rows().size() != pairs.size()) {
                    throw new IllegalStateException("Invalid stage run: " + emitter.rows().size() + " decisions");
                }
            };
            Runnable preprocess = () -> tensors(pairs);
            // Warm-up: JIT, ORT's first-run allocations, thread start.
            bare.run();
            stage.run();
            preprocess.run();
            long[] wall = new long[3];
            long[] cpu = new long[3];
            Runnable[] paths = {bare, stage, preprocess};
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < 3; k++) {
                    int path = (round + k) % 3;
                    long cpuStart = processCpuNanos();
                    long start = System.nanoTime();
                    paths[path].run();
                    wall[path] += System.nanoTime() - start;
                    cpu[path] += processCpuNanos() - cpuStart;
                }
            }
            double total = (double) images * rounds;
            double a = total / (wall[0] / 1e9);
            double b = total / (wall[1] / 1e9);
            double c = total / (wall[2] / 1e9);
            System.out.printf(Locale.ROOT, "model %s, %d pairs (%d images of 512x512 PNG), %d rounds, %d cores, "
                    + "intra-op %s%n", model, pairs.size(), images, rounds, Runtime.getRuntime().availableProcessors(),
                    intraOp == 0 ? "ONNX Runtime's choice" : String.valueOf(intraOp));
            System.out.printf(Locale.ROOT, "(a) bare session.run          %7.1f img/s  CPU %6.1f ms/img%n", a,
                    cpu[0] / 1e6 / total);
            System.out.printf(Locale.ROOT, "(b) filter stage work         %7.1f img/s  CPU %6.1f ms/img%n", b,
                    cpu[1] / 1e6 / total);
            System.out.printf(Locale.ROOT, "(c) preprocessing, one thread %7.1f img/s%n", c);
            System.out.printf(Locale.ROOT, "b/a = %.2f%n", b / a);
            // With a core of its own for decoding, the stage is bound by the slower of the model and preprocessing.
            System.out.printf(Locale.ROOT, "b/a projected with a free core for preprocessing = %.2f%n",
                    Math.min(1.0, c / a));
        } finally {
            try (var files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Pairs of 512x512 PNG halves (what generate writes), photo i and i + 1 of the six committed photos. */
    static List<PairRow> pairs(int count) {
        List<String> photos = List.of(Photos.ASTRONAUT, Photos.CHELSEA, Photos.COFFEE, Photos.MOTORCYCLE_LEFT,
                Photos.MOTORCYCLE_RIGHT, Photos.ROCKET);
        List<byte[]> pngs = photos.stream().map(p -> BenchImages.square(p, 512)).toList();
        List<PairRow> pairs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pairs.add(PairFixtures.pair("p" + i, 7, "Cup", "cup", pngs.get(i % 6), pngs.get((i + 1) % 6)));
        }
        return pairs;
    }

    /** The pairs' {@code pixel_values}, 16 images per tensor. */
    static List<Tensor> tensors(List<PairRow> pairs) {
        List<Tensor> tensors = new ArrayList<>();
        int perBatch = 8;
        for (int start = 0; start < pairs.size(); start += perBatch) {
            int count = Math.min(perBatch, pairs.size() - start);
            float[] pixels = new float[2 * count * DinoPreprocessor.IMAGE_VALUES];
            for (int i = 0; i < count; i++) {
                PairRow pair = pairs.get(start + i);
                DinoPreprocessor.toPixels(ImageCodec.decode(pair.referencePng(), pair.pairId()), pixels,
                        2 * i * DinoPreprocessor.IMAGE_VALUES);
                DinoPreprocessor.toPixels(ImageCodec.decode(pair.targetPng(), pair.pairId()), pixels,
                        (2 * i + 1) * DinoPreprocessor.IMAGE_VALUES);
            }
            // Direct buffers, which ONNX Runtime reads in place: the bare loop copies nothing per call.
            FloatBuffer direct = ByteBuffer.allocateDirect(pixels.length * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer().put(pixels).flip();
            tensors.add(Tensor.wrapping(direct, 2 * count, 3, DinoPreprocessor.CROP_SIZE,
                    DinoPreprocessor.CROP_SIZE));
        }
        return tensors;
    }

    /** The model calls the filter stage makes at once with model {@code dino} of {@code models} on this JVM's cores. */
    static int stageModelCalls(ModelsConfig models) {
        return DinoPairSimilarity.defaultSettings(models.require("dino"), List.of(),
                Runtime.getRuntime().availableProcessors()).inferenceThreads();
    }

    /**
     * The bare model loop: {@code session.run} over the tensors from {@code threads} threads at once (the model calls
     * the stage makes at once, {@code DinoPairSimilarity.defaultSettings}), tensor i on thread i mod threads.
     */
    static Runnable bareLoop(ModelSession session, List<Tensor> tensors, int threads) {
        return () -> {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int thread = 0; thread < threads; thread++) {
                    int first = thread;
                    calls.add(pool.submit(() -> {
                        for (int i = first; i < tensors.size(); i += threads) {
                            session.run(Map.of("pixel_values", tensors.get(i)));
                        }
                    }));
                }
                for (Future<?> call : calls) {
                    call.get();
                }
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("Cannot run the bare loop: " + e, e);
            } finally {
                pool.shutdownNow();
            }
        };
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
