package io.unosynth.core.embedding;

import io.unosynth.core.error.Preconditions;

/** Cosine similarity of embeddings, the one implementation behind the filter, expand and evaluate scores. */
public final class Cosine {
    private Cosine() {}

    /** {@code a.b / (|a| |b|)} in double precision; 0 when either vector is zero. */
    public static double of(float[] a, float[] b) {
        Preconditions.checkArgument(a.length == b.length, "Invalid vectors for cosine: lengths %s and %s", a.length,
                b.length);
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }
}
