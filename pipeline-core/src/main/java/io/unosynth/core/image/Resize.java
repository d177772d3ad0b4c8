package io.unosynth.core.image;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * Resizes to an exact size with a separable, antialiased kernel (the kernel widens by the downscale factor, as in
 * Pillow), horizontal pass first, rounding to 8 bits between passes. Deterministic: pure Java arithmetic.
 */
public record Resize(int width, int height, ResampleFilter filter) implements ImageTransform {
    public Resize {
        checkArgument(width > 0 && height > 0, "Invalid resize target: %sx%s", width, height);
        requireNonNull(filter, "filter is null");
    }

    /** Scales so the shorter side becomes {@code size}, keeping the aspect ratio (DINOv2: 256, bicubic). */
    public static ImageTransform shortestEdge(int size, ResampleFilter filter) {
        return image -> {
            double scale = (double) size / Math.min(image.width(), image.height());
            return new Resize(Math.max(1, (int) Math.round(image.width() * scale)),
                    Math.max(1, (int) Math.round(image.height() * scale)), filter).apply(image);
        };
    }

    /** Scales so the longer side becomes {@code size}, keeping the aspect ratio (UNO references: 512 or 320). */
    public static ImageTransform longestEdge(int size, ResampleFilter filter) {
        return image -> {
            double scale = (double) size / Math.max(image.width(), image.height());
            return new Resize(Math.max(1, (int) Math.round(image.width() * scale)),
                    Math.max(1, (int) Math.round(image.height() * scale)), filter).apply(image);
        };
    }

    /**
     * As UNO's reference preprocessing ({@code preprocess_ref}): the longer side becomes {@code size} exactly and the
     * shorter one {@code int(size / long * short)}, truncated, not rounded (850x850 at 512 gives 512x511).
     */
    public static ImageTransform longestEdgeTruncated(int size, ResampleFilter filter) {
        return image -> {
            boolean landscape = image.width() >= image.height();
            int longSide = landscape ? image.width() : image.height();
            int shortSide = landscape ? image.height() : image.width();
            // Same double operations in the same order as UNO's Python, so the truncation lands identically.
            int scaledShort = Math.max(1, (int) ((double) size / longSide * shortSide));
            return landscape
                    ? new Resize(size, scaledShort, filter).apply(image)
                    : new Resize(scaledShort, size, filter).apply(image);
        };
    }

    @Override
    public RgbImage apply(RgbImage image) {
        if (image.width() == width && image.height() == height) {
            return image;
        }
        RgbImage horizontal = image.width() == width ? image : pass(image, width, true);
        return horizontal.height() == height ? horizontal : pass(horizontal, height, false);
    }

    private RgbImage pass(RgbImage source, int outSize, boolean horizontal) {
        int inSize = horizontal ? source.width() : source.height();
        Kernels kernels = Kernels.of(inSize, outSize, filter);
        int outWidth = horizontal ? outSize : source.width();
        int outHeight = horizontal ? source.height() : outSize;
        byte[] in = source.pixels();
        byte[] out = new byte[outWidth * outHeight * 3];
        int lines = horizontal ? source.height() : source.width();
        for (int line = 0; line < lines; line++) {
            for (int o = 0; o < outSize; o++) {
                int first = kernels.first[o];
                double[] weights = kernels.weights[o];
                double r = 0;
                double g = 0;
                double b = 0;
                for (int k = 0; k < weights.length; k++) {
                    int i = first + k;
                    int index = horizontal ? (line * source.width() + i) * 3 : (i * source.width() + line) * 3;
                    r += weights[k] * (in[index] & 0xFF);
                    g += weights[k] * (in[index + 1] & 0xFF);
                    b += weights[k] * (in[index + 2] & 0xFF);
                }
                int target = horizontal ? (line * outWidth + o) * 3 : (o * outWidth + line) * 3;
                out[target] = clamp(r);
                out[target + 1] = clamp(g);
                out[target + 2] = clamp(b);
            }
        }
        return new RgbImage(outWidth, outHeight, out);
    }

    private static byte clamp(double value) {
        long rounded = Math.round(value);
        return (byte) (rounded < 0 ? 0 : rounded > 255 ? 255 : rounded);
    }

    /** For each output index: the first input index and the normalised weights from there. */
    private record Kernels(int[] first, double[][] weights) {
        static Kernels of(int inSize, int outSize, ResampleFilter filter) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support() * filterScale;
            int[] first = new int[outSize];
            double[][] weights = new double[outSize][];
            for (int o = 0; o < outSize; o++) {
                double center = (o + 0.5) * scale;
                int min = Math.max(0, (int) Math.floor(center - support));
                int max = Math.min(inSize, (int) Math.ceil(center + support));
                double[] w = new double[max - min];
                double total = 0;
                for (int i = min; i < max; i++) {
                    w[i - min] = filter.weight((i - center + 0.5) / filterScale);
                    total += w[i - min];
                }
                for (int k = 0; k < w.length; k++) {
                    w[k] = total == 0 ? 0 : w[k] / total;
                }
                first[o] = min;
                weights[o] = w;
            }
            return new Kernels(first, weights);
        }
    }
}
