package io.unosynth.runtime.contracts.text;

import io.unosynth.core.error.Preconditions;

/** Per-token text embeddings {@code [batch, tokens, width]}, row-major. */
public record TokenEmbeddings(int batch, int tokens, int width, float[] values) {
    public TokenEmbeddings {
        Preconditions.checkArgument(values.length == batch * tokens * width,
                "Invalid token embeddings: %s values for [%s, %s, %s]", values.length, batch, tokens, width);
    }
}
