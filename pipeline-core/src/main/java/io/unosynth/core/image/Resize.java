package io.unosynth.core.image;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Arrays;

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

    /**
     * Scales so the shorter side becomes {@code size}, then cuts the centred {@code cropWidth} x {@code cropHeight}
     * (DINOv2, CLIP: 256 or 224, then 224 x 224), computing only the pixels the crop keeps: byte-identical to
     * {@link #shortestEdge} followed by {@link Crop#center}, with about a quarter less work at DINOv2's sizes.
     */
    public static ImageTransform shortestEdgeCenterCrop(int size, int cropWidth, int cropHeight,
            ResampleFilter filter) {
        return image -> {
            double scale = (double) size / Math.min(image.width(), image.height());
            Resize resize = new Resize(Math.max(1, (int) Math.round(image.width() * scale)),
                    Math.max(1, (int) Math.round(image.height() * scale)), filter);
            return resize.window(image, (resize.width - cropWidth) / 2, (resize.height - cropHeight) / 2, cropWidth,
                    cropHeight);
        };
    }

    @Override
    public RgbImage apply(RgbImage image) {
        if (image.width() == width && image.height() == height) {
            return image;
        }
        return window(image, 0, 0, width, height);
    }

    /**
     * The rectangle at ({@code x}, {@code y}) of {@code cropWidth} x {@code cropHeight} of this resize's output,
     * computed alone: the horizontal pass runs only on the input rows the window's vertical kernels read, and only
     * for the window's columns. Each pixel is summed in the same order as in the whole image, so the bytes equal
     * the whole image's.
     */
    public RgbImage window(RgbImage image, int x, int y, int cropWidth, int cropHeight) {
        checkArgument(x >= 0 && y >= 0 && cropWidth > 0 && cropHeight > 0 && x + cropWidth <= width
                && y + cropHeight <= height, "Invalid crop %s,%s %sx%s of a %sx%s resize", x, y, cropWidth,
                cropHeight, width, height);
        Kernels vertical = image.height() == height ? null : Kernels.of(image.height(), height, filter);
        int firstRow = vertical == null ? y : vertical.first[y];
        int endRow = y + cropHeight;
        if (vertical != null) {
            endRow = 0;
            for (int o = y; o < y + cropHeight; o++) {
                endRow = Math.max(endRow, vertical.first[o] + vertical.weights[o].length);
            }
        }
        byte[] rows = horizontalPass(image, firstRow, endRow, x, cropWidth);
        if (vertical == null) {
            return new RgbImage(cropWidth, cropHeight, rows); // the rows are exactly the window's
        }
        // Row by row: one output row accumulates whole input rows, kernel tap by tap (the order of the sum per pixel
        // is the taps' order, as in the horizontal pass), reading memory in order.
        int lineValues = cropWidth * 3;
        byte[] out = new byte[cropHeight * lineValues];
        double[] sums = new double[lineValues];
        for (int o = y; o < y + cropHeight; o++) {
            Arrays.fill(sums, 0);
            double[] weights = vertical.weights[o];
            for (int k = 0; k < weights.length; k++) {
                double weight = weights[k];
                int from = (vertical.first[o] + k - firstRow) * lineValues;
                for (int i = 0; i < lineValues; i++) {
                    sums[i] += weight * (rows[from + i] & 0xFF);
                }
            }
            int to = (o - y) * lineValues;
            for (int i = 0; i < lineValues; i++) {
                out[to + i] = clamp(sums[i]);
            }
        }
        return new RgbImage(cropWidth, cropHeight, out);
    }

    /** Input rows {@code [firstRow, endRow)} resized to this width, output columns {@code [x, x + columns)} only. */
    private byte[] horizontalPass(RgbImage source, int firstRow, int endRow, int x, int columns) {
        int inWidth = source.width();
        byte[] in = source.pixels();
        byte[] out = new byte[(endRow - firstRow) * columns * 3];
        if (inWidth == width) {
            for (int row = firstRow; row < endRow; row++) {
                System.arraycopy(in, (row * inWidth + x) * 3, out, (row - firstRow) * columns * 3, columns * 3);
            }
            return out;
        }
        Kernels kernels = Kernels.of(inWidth, width, filter);
        // Each input value is converted to double once per row, not once per tap that reads it (exact either way).
        double[] line = new double[inWidth * 3];
        for (int row = firstRow; row < endRow; row++) {
            int rowStart = row * inWidth * 3;
            for (int i = 0; i < line.length; i++) {
                line[i] = in[rowStart + i] & 0xFF;
            }
            int target = (row - firstRow) * columns * 3;
            for (int o = x; o < x + columns; o++) {
                double[] weights = kernels.weights[o];
                double r = 0;
                double g = 0;
                double b = 0;
                for (int k = 0, index = kernels.first[o] * 3; k < weights.length; k++, index += 3) {
                    r += weights[k] * line[index];
                    g += weights[k] * line[index + 1];
                    b += weights[k] * line[index + 2];
                }
                out[target++] = clamp(r);
                out[target++] = clamp(g);
                out[target++] = clamp(b);
            }
        }
        return out;
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
