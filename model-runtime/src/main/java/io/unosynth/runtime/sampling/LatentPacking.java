package io.unosynth.runtime.sampling;

import static io.unosynth.core.error.Preconditions.checkArgument;

/**
 * FLUX's 2x2 packing of VAE latents into transformer tokens and back:
 * {@code [batch, channels, (h ph), (w pw)] <-> [batch, (h w), (channels ph pw)]} with ph = pw = 2, so 16 latent
 * channels give 64 features per token on an (H/16) x (W/16) token grid.
 */
public final class LatentPacking {
    private LatentPacking() {}

    /** @param latent {@code [batch, channels, height, width]}, height and width even */
    public static float[] pack(float[] latent, int batch, int channels, int height, int width) {
        return permute(latent, batch, channels, height, width, true);
    }

    /** The inverse of {@link #pack}: {@code [batch, (h w), (c 2 2)] -> [batch, c, 2h, 2w]}. */
    public static float[] unpack(float[] tokens, int batch, int channels, int height, int width) {
        return permute(tokens, batch, channels, height, width, false);
    }

    /** Moves every value between its latent index and its token index, in the direction asked. */
    private static float[] permute(float[] source, int batch, int channels, int height, int width, boolean toTokens) {
        checkArgument(height % 2 == 0 && width % 2 == 0, "Invalid latent size %sx%s: must be even", height, width);
        checkArgument(source.length == batch * channels * height * width,
                "Invalid %s: %s values for a [%s, %s, %s, %s] latent", toTokens ? "latent" : "tokens",
                source.length, batch, channels, height, width);
        int tokensPerSample = (height / 2) * (width / 2);
        int features = channels * 4;
        float[] target = new float[source.length];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int token = (y / 2) * (width / 2) + (x / 2);
                        int feature = c * 4 + (y % 2) * 2 + (x % 2);
                        int latentIndex = ((b * channels + c) * height + y) * width + x;
                        int tokenIndex = (b * tokensPerSample + token) * features + feature;
                        if (toTokens) {
                            target[tokenIndex] = source[latentIndex];
                        } else {
                            target[latentIndex] = source[tokenIndex];
                        }
                    }
                }
            }
        }
        return target;
    }
}
