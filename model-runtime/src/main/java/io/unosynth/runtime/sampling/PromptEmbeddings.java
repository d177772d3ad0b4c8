package io.unosynth.runtime.sampling;

import static io.unosynth.core.error.Preconditions.checkArgument;

/**
 * Text conditioning of a batch: T5 token embeddings {@code [batch, tokens, width]} and the pooled CLIP vector
 * {@code [batch, pooledWidth]}.
 */
public record PromptEmbeddings(int batch, int tokens, int width, float[] tokenEmbeddings, int pooledWidth,
        float[] pooled) {
    public PromptEmbeddings {
        checkArgument(tokenEmbeddings.length == batch * tokens * width,
                "Invalid token embeddings: %s values for [%s, %s, %s]", tokenEmbeddings.length, batch, tokens, width);
        checkArgument(pooled.length == batch * pooledWidth,
                "Invalid pooled embeddings: %s values for [%s, %s]", pooled.length, batch, pooledWidth);
    }
}
