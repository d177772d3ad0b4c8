package io.unosynth.runtime.pipeline;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.image.ImageCodec;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.dino.DinoCropBatches;
import io.unosynth.runtime.contracts.dino.DinoEmbedder;
import io.unosynth.runtime.contracts.dino.DinoPreprocessor;
import java.util.Arrays;

/**
 * Encoded images to DINOv2 embeddings with decoding and preprocessing overlapped with the model: the preprocessing
 * threads decode and cut the 224 x 224 crops, the inference thread normalises a batch of them into its
 * {@code pixel_values} buffer and runs the model ({@link DinoCropBatches}).
 */
public final class DinoEmbedding {
    private DinoEmbedding() {}

    /** A pipeline giving one L2-normalised embedding per image, in input order; close it when done. */
    public static OverlappedInference<EncodedImage, RgbImage, float[]> overlapped(DinoEmbedder embedder,
            OverlappedInference.Settings settings) {
        DinoCropBatches batches = new DinoCropBatches(requireNonNull(embedder, "embedder is null"));
        return new OverlappedInference<>(settings, DinoEmbedding::crop, batch -> Arrays.asList(batches.embed(batch)),
                EncodedImage::name);
    }

    /** Decode one image and cut its crop. */
    static RgbImage crop(EncodedImage image) {
        return DinoPreprocessor.crop(ImageCodec.decode(image.bytes(), image.name()));
    }
}
