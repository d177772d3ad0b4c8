package io.unosynth.runtime.contracts.dino;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.filter.PairScore;
import io.unosynth.core.filter.PairSimilarity;
import io.unosynth.core.image.RgbImage;
import io.unosynth.core.pair.PairRow;
import io.unosynth.runtime.pipeline.OverlappedInference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The filter stage's similarity: cosine of the DINOv2 embeddings of a pair's two halves. A stream of pairs
 * ({@link #scores}) runs through {@link OverlappedInference}: worker threads decode and preprocess pairs while the
 * model embeds whole batches of pairs, so the model does not wait for decoding. Close it to stop the threads.
 */
public final class DinoPairSimilarity implements PairSimilarity, AutoCloseable {
    private final DinoEmbedder embedder;
    private final String modelId;
    private final OverlappedInference<PairRow, PreparedPair, PairScore> pipeline;

    /** A pair's two {@code [3, 224, 224]} planes back to back, or none when a half does not decode. */
    private record PreparedPair(PairRow pair, float[] pixels) {}

    /** @param settings its batch size counts pairs: each model call embeds twice as many images */
    public DinoPairSimilarity(DinoEmbedder embedder, String modelId, OverlappedInference.Settings settings) {
        this.embedder = requireNonNull(embedder, "embedder is null");
        this.modelId = requireNonNull(modelId, "modelId is null");
        this.pipeline = new OverlappedInference<>(settings, DinoPairSimilarity::prepare, this::embedAndCompare,
                PairRow::pairId);
    }

    /**
     * One preprocessing thread fewer than the cores (at least one) and the model on its own thread; 8 pairs (16
     * images) per model call; 3 batches in flight so one is prepared while another runs.
     */
    public static OverlappedInference.Settings defaultSettings() {
        return new OverlappedInference.Settings(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), 8, 3);
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
        pipeline.close();
    }

    private static PreparedPair prepare(PairRow pair) {
        return PairScore.decode(pair).map(halves -> {
            float[] pixels = new float[2 * DinoPreprocessor.IMAGE_VALUES];
            DinoPreprocessor.toPixels(halves[0], pixels, 0);
            DinoPreprocessor.toPixels(halves[1], pixels, DinoPreprocessor.IMAGE_VALUES);
            return new PreparedPair(pair, pixels);
        }).orElseGet(() -> new PreparedPair(pair, null));
    }

    /** One model call for every decodable pair of the batch. */
    private List<PairScore> embedAndCompare(List<PreparedPair> batch) {
        List<PreparedPair> decoded = batch.stream().filter(p -> p.pixels() != null).toList();
        float[][] embeddings = new float[0][];
        if (!decoded.isEmpty()) {
            int pairValues = 2 * DinoPreprocessor.IMAGE_VALUES;
            float[] pixels = new float[decoded.size() * pairValues];
            for (int i = 0; i < decoded.size(); i++) {
                System.arraycopy(decoded.get(i).pixels(), 0, pixels, i * pairValues, pairValues);
            }
            embeddings = embedder.embedPixels(pixels, 2 * decoded.size());
        }
        List<PairScore> scores = new ArrayList<>(batch.size());
        int next = 0;
        for (PreparedPair prepared : batch) {
            if (prepared.pixels() == null) {
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
