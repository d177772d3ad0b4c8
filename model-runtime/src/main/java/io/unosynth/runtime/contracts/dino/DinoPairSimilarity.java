package io.unosynth.runtime.contracts.dino;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.filter.PairSimilarity;
import io.unosynth.core.image.RgbImage;
import java.util.List;

/** The filter stage's similarity: cosine of the DINOv2 embeddings of a pair's two halves, embedded as one batch. */
public record DinoPairSimilarity(DinoEmbedder embedder, String modelId) implements PairSimilarity {
    public DinoPairSimilarity {
        requireNonNull(embedder, "embedder is null");
        requireNonNull(modelId, "modelId is null");
    }

    @Override
    public double cosine(RgbImage reference, RgbImage target) {
        float[][] embeddings = embedder.embed(List.of(reference, target));
        return DinoEmbedder.cosine(embeddings[0], embeddings[1]);
    }
}
