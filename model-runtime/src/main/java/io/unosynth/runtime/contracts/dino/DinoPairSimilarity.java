package io.unosynth.runtime.contracts.dino;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.error.Preconditions;
import io.unosynth.core.filter.PairScore;
import io.unosynth.core.filter.PairSimilarity;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.pair.PairRow;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import io.unosynth.runtime.pipeline.OverlappedInference;
import io.unosynth.runtime.registry.ModelLoader;
import io.unosynth.runtime.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The filter stage's similarity: cosine of the DINOv2 embeddings of a pair's two halves. A stream of pairs
 * ({@link #scores}) runs through {@link OverlappedInference}: worker threads decode and preprocess pairs while the
 * model embeds whole batches of pairs, so the model does not wait for decoding. Close it to stop the threads.
 *
 * <p>A stage takes the executor's one instance per model ({@link #shared}): every task's stream then feeds the same
 * inference threads, so the model calls at once are the configured ones whatever the number of tasks.
 */
public final class DinoPairSimilarity implements PairSimilarity, AutoCloseable {
    private final DinoEmbedder embedder;
    private final String modelId;
    private final OverlappedInference<PairRow, PreparedPair, PairScore> pipeline;
    private final DinoCropBatches batches;
    private final AutoCloseable owned;

    /** A pair's two 224 x 224 crops, or none when a half does not decode. */
    private record PreparedPair(PairRow pair, RgbImage reference, RgbImage target) {}

    /** @param settings its batch size counts pairs: each model call embeds twice as many images */
    public DinoPairSimilarity(DinoEmbedder embedder, String modelId, OverlappedInference.Settings settings) {
        this(embedder, modelId, settings, () -> { });
    }

    private DinoPairSimilarity(DinoEmbedder embedder, String modelId, OverlappedInference.Settings settings,
            AutoCloseable owned) {
        this.owned = owned;
        this.embedder = requireNonNull(embedder, "embedder is null");
        this.batches = new DinoCropBatches(embedder);
        this.modelId = requireNonNull(modelId, "modelId is null");
        this.pipeline = new OverlappedInference<>(settings, DinoPairSimilarity::prepare, this::embedAndCompare,
                PairRow::pairId);
    }

    /**
     * A lease on the JVM's one similarity for DINOv2 model {@code model} on these devices and settings, built over a
     * session lease of its own on first use and closed {@code models.idle-timeout} after its last lease.
     *
     * @param modelId the model identity recorded with each score
     */
    public static ModelRegistry.Lease<DinoPairSimilarity> shared(ModelLoader loader, String model,
            List<String> gpuAddresses, String modelId, OverlappedInference.Settings settings) {
        record Key(ModelSpec spec, List<String> gpuAddresses, String modelId, OverlappedInference.Settings settings) {}
        List<String> gpus = List.copyOf(gpuAddresses);
        return loader.shared(new Key(loader.spec(model), gpus, modelId, settings), () -> {
            ModelSet models = new ModelSet(loader, ModelNames.DEFAULT.withDino(model), gpus, BatchSize.DEFAULT);
            try {
                return new DinoPairSimilarity(models.dino(), modelId, settings, models);
            } catch (RuntimeException | Error e) {
                models.close();
                throw e;
            }
        });
    }

    /**
     * One preprocessing thread fewer than the cores (at least one); 8 pairs (16 images) per model call; batches in
     * flight enough to keep every inference thread busy. Model calls at once: one, or on CPU with a set number of
     * intra-op threads, as many as fit the cores ({@code models.dino.intra-op-threads = 1} on 2 cores: two calls of
     * one thread each, which waste less than one call split across both; bench/README.md).
     *
     * @param cores the cores the executor was given (not necessarily all the JVM sees)
     */
    public static OverlappedInference.Settings defaultSettings(ModelSpec spec, List<String> gpuAddresses, int cores) {
        Preconditions.checkArgument(cores > 0, "Invalid cores: %s", cores);
        boolean cpu = gpuAddresses.isEmpty() || spec.device() == ModelSpec.DeviceMode.CPU;
        int inference = cpu && spec.intraOpThreads() > 0 ? Math.max(1, cores / spec.intraOpThreads()) : 1;
        return new OverlappedInference.Settings(Math.max(1, cores - 1), 8, inference + 2, inference);
    }

    public OverlappedInference.Settings settings() {
        return pipeline.settings();
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public double cosine(RgbImage reference, RgbImage target) {
        float[][] embeddings = embedder.embed(List.of(reference, target));
        return DinoEmbedder.cosine(embeddings[0], embeddings[1]);
    }

    @Override
    public Iterator<PairScore> scores(Iterator<PairRow> pairs) {
        return pipeline.map(pairs);
    }

    @Override
    public void close() {
        try {
            pipeline.close();
        } finally {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot close the models of similarity '" + modelId + "': "
                        + e.getMessage(), e);
            }
        }
    }

    private static PreparedPair prepare(PairRow pair) {
        return PairScore.decode(pair)
                .map(halves -> new PreparedPair(pair, DinoPreprocessor.crop(halves[0]),
                        DinoPreprocessor.crop(halves[1])))
                .orElseGet(() -> new PreparedPair(pair, null, null));
    }

    /** One model call for every decodable pair of the batch. */
    private List<PairScore> embedAndCompare(List<PreparedPair> batch) {
        List<RgbImage> crops = new ArrayList<>(2 * batch.size());
        for (PreparedPair prepared : batch) {
            if (prepared.reference() != null) {
                crops.add(prepared.reference());
                crops.add(prepared.target());
            }
        }
        float[][] embeddings = crops.isEmpty() ? new float[0][] : batches.embed(crops);
        List<PairScore> scores = new ArrayList<>(batch.size());
        int next = 0;
        for (PreparedPair prepared : batch) {
            if (prepared.reference() == null) {
                scores.add(PairScore.undecodable(prepared.pair()));
            } else {
                scores.add(PairScore.of(prepared.pair(),
                        DinoEmbedder.cosine(embeddings[2 * next], embeddings[2 * next + 1])));
                next++;
            }
        }
        return scores;
    }
}
