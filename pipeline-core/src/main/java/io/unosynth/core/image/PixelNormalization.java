package io.unosynth.core.image;

import static io.unosynth.core.error.Preconditions.checkArgument;

import java.nio.FloatBuffer;

/**
 * Turns 8-bit RGB into the float tensor models take: {@code [3, height, width]} planes of
 * {@code (value / 255 - mean[c]) / std[c]}.
 */
public record PixelNormalization(float[] mean, float[] std) {
    /** ImageNet statistics (DINOv2). */
    public static final PixelNormalization IMAGENET = new PixelNormalization(
            new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    /** CLIP statistics (OWLv2, CLIP). */
    public static final PixelNormalization CLIP = new PixelNormalization(
            new float[] {0.48145466f, 0.4578275f, 0.40821073f}, new float[] {0.26862954f, 0.26130258f, 0.27577711f});
    /** To [-1, 1] (the FLUX VAE). */
    public static final PixelNormalization SIGNED_UNIT = new PixelNormalization(
            new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});

    public PixelNormalization {
        checkArgument(mean.length == 3 && std.length == 3, "Invalid normalization: 3 means and 3 stds needed");
        mean = mean.clone();
        std = std.clone();
    }

    /** Writes the normalised planes of {@code image} into {@code out} from {@code offset}. */
    public void toChw(RgbImage image, float[] out, int offset) {
        toChw(image, FloatBuffer.wrap(out), offset);
    }

    /**
     * Writes the normalised planes of {@code image} into {@code out} from index {@code offset} (absolute puts; a
     * direct buffer goes to a model engine without another copy).
     */
    public void toChw(RgbImage image, FloatBuffer out, int offset) {
        int plane = image.width() * image.height();
        byte[] pixels = image.pixels();
        for (int c = 0; c < 3; c++) {
            float scale = 1f / (255f * std[c]);
            float shift = mean[c] / std[c];
            int base = offset + c * plane;
            for (int i = 0; i < plane; i++) {
                out.put(base + i, (pixels[3 * i + c] & 0xFF) * scale - shift);
            }
        }
    }

    public float[] toChw(RgbImage image) {
        float[] out = new float[3 * image.width() * image.height()];
        toChw(image, out, 0);
        return out;
    }

    /** The inverse, rounding and clamping to 8 bits (decoded VAE output back to pixels). */
    public RgbImage fromChw(float[] planes, int offset, int width, int height) {
        int plane = width * height;
        byte[] pixels = new byte[plane * 3];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                float value = (planes[offset + c * plane + i] * std[c] + mean[c]) * 255f;
                int rounded = Math.round(value);
                pixels[3 * i + c] = (byte) (rounded < 0 ? 0 : rounded > 255 ? 255 : rounded);
            }
        }
        return new RgbImage(width, height, pixels);
    }
}
