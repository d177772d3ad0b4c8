package io.unosynth.core.image;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * An 8-bit RGB image, pixels row-major and channels interleaved: {@code [height, width, 3]}. Engine-neutral, so image
 * ops, codecs and model preprocessing share one type; equality is by content.
 */
public record RgbImage(int width, int height, byte[] pixels) {
    public RgbImage {
        checkArgument(width > 0 && height > 0, "Invalid image size: %sx%s", width, height);
        requireNonNull(pixels, "pixels is null");
        checkArgument(pixels.length == width * height * 3,
                "Invalid pixel buffer: %s bytes for %sx%s RGB (expected %s)", pixels.length, width, height,
                width * height * 3);
    }

    public static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new byte[width * height * 3]);
    }

    /** Channel {@code c} of pixel (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RgbImage image && image.width == width && image.height == height
                && Arrays.equals(image.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
