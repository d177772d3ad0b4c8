package io.unosynth.core.filter;

import io.unosynth.core.image.RgbImage;

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
}
