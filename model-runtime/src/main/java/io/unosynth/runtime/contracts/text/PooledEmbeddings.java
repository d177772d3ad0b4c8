package io.unosynth.runtime.contracts.text;

import io.unosynth.core.error.Preconditions;

/** One vector per text {@code [batch, width]}, row-major. */
public record PooledEmbeddings(int batch, int width, float[] values) {
    public PooledEmbeddings {
        Preconditions.checkArgument(values.length == batch * width, "Invalid pooled embeddings: %s values for [%s, %s]",
                values.length, batch, width);
    }

    /** The vector of text {@code index}. */
    public float[] row(int index) {
        Preconditions.checkArgument(index >= 0 && index < batch, "Invalid row %s of %s", index, batch);
        float[] row = new float[width];
        System.arraycopy(values, index * width, row, 0, width);
        return row;
    }
}
