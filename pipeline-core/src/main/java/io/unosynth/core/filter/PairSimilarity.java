package io.unosynth.core.filter;

import io.unosynth.core.image.RgbImage;
import io.unosynth.core.pair.PairRow;
import java.util.Iterator;

/**
 * The seam to the image embedder (DINOv2 in model-runtime): the cosine similarity of the embeddings of two images,
 * each embedded as the L2-normalised CLS/pooler output of its own preprocessing (REFERENCE.md section 4).
 * Implementations must be safe to call from several threads.
 */
public interface PairSimilarity {
    /** Recorded in the stage's stats, e.g. {@code embedder=sha256:ab12...}. */
    String modelId();

    /** The cosine similarity in {@code [-1, 1]}. */
    double cosine(RgbImage reference, RgbImage target);

    /**
     * Scores a stream of pairs, in input order: decode both halves, embed, compare. This default takes one pair at a
     * time on the caller's thread; a model implementation batches pairs across the stream and decodes on other
     * threads while the model runs. A returned iterator that is {@link AutoCloseable} is closed by the caller.
     */
    default Iterator<PairScore> scores(Iterator<PairRow> pairs) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return pairs.hasNext();
            }

            @Override
            public PairScore next() {
                PairRow pair = pairs.next();
                return PairScore.decode(pair)
                        .map(halves -> PairScore.of(pair, cosine(halves[0], halves[1])))
                        .orElseGet(() -> PairScore.undecodable(pair));
            }
        };
    }
}
