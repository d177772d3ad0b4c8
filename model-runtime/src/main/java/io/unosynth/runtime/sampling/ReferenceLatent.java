package io.unosynth.runtime.sampling;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.runtime.sampling.UnoPositions.Grid;

/**
 * A reference already encoded by the VAE, in the transformer's latent space (scale and shift applied):
 * {@code [16, height, width]} with even sides, so it packs to its own {@code height/2 x width/2} token grid. Lets
 * references of any size, encoded elsewhere (a reference implementation, the trainer's cached latents), drive the
 * sampler without a second encode.
 */
public record ReferenceLatent(int height, int width, float[] values) {
    public ReferenceLatent {
        requireNonNull(values, "values is null");
        checkArgument(height > 0 && width > 0 && height % 2 == 0 && width % 2 == 0,
                "Invalid reference latent size %sx%s: positive and even", height, width);
        checkArgument(values.length == LatentCodec.CHANNELS * height * width,
                "Invalid reference latent: %s values for [%s, %s, %s]", values.length, LatentCodec.CHANNELS, height,
                width);
    }

    public Grid grid() {
        return new Grid(height / 2, width / 2);
    }

    /** The packed tokens {@code [rows * cols, 64]}. */
    float[] tokens() {
        return LatentPacking.pack(values, 1, LatentCodec.CHANNELS, height, width);
    }
}
