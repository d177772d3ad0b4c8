package io.unosynth.runtime.pipeline;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.image.ImageCodec;
import io.unosynth.runtime.contracts.dino.DinoEmbedder;
import io.unosynth.runtime.contracts.dino.DinoPreprocessor;
import java.util.Arrays;
import java.util.List;

/**
 * Encoded images to DINOv2 embeddings with decoding and preprocessing overlapped with the model: the preprocessing
 * threads decode and write {@code [3, 224, 224]} pixel planes, the inference thread stacks a batch into
 * {@code pixel_values [batch, 3, 224, 224]} and runs {@link DinoEmbedder#embedPixels}.
 */
public final class DinoEmbedding {
    private DinoEmbedding() {}

    /** A pipeline giving one L2-normalised embedding per image, in input order; close it when done. */
    public static OverlappedInference<EncodedImage, float[], float[]> overlapped(DinoEmbedder embedder,
            OverlappedInference.Settings settings) {
        requireNonNull(embedder, "embedder is null");
        return new OverlappedInference<>(settings, DinoEmbedding::pixels, batch -> embed(embedder, batch),
                EncodedImage::name);
    }

    /** Decode and preprocess one image: {@code [3, 224, 224]}. */
    static float[] pixels(EncodedImage image) {
        float[] out = new float[DinoPreprocessor.IMAGE_VALUES];
        DinoPreprocessor.toPixels(ImageCodec.decode(image.bytes(), image.name()), out, 0);
        return out;
    }

    private static List<float[]> embed(DinoEmbedder embedder, List<float[]> batch) {
        float[] stacked = new float[batch.size() * DinoPreprocessor.IMAGE_VALUES];
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(batch.get(i), 0, stacked, i * DinoPreprocessor.IMAGE_VALUES,
                    DinoPreprocessor.IMAGE_VALUES);
        }
        return Arrays.asList(embedder.embedPixels(stacked, batch.size()));
    }
}
