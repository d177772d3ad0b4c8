package io.unosynth.core.image;

import static io.unosynth.core.error.Preconditions.checkArgument;

/** Cuts the rectangle at ({@code x}, {@code y}) of {@code width} x {@code height} out of an image. */
public record Crop(int x, int y, int width, int height) implements ImageTransform {
    public Crop {
        checkArgument(x >= 0 && y >= 0 && width > 0 && height > 0, "Invalid crop: %s,%s %sx%s", x, y, width, height);
    }

    /** The centred {@code width} x {@code height} crop (DINOv2: 224 x 224). */
    public static ImageTransform center(int width, int height) {
        return image -> new Crop((image.width() - width) / 2, (image.height() - height) / 2, width, height)
                .apply(image);
    }

    /** The largest centred crop whose sides are multiples of {@code multiple} (UNO references: 16). */
    public static ImageTransform centerToMultiple(int multiple) {
        return image -> {
            int width = image.width() / multiple * multiple;
            int height = image.height() / multiple * multiple;
            checkArgument(width > 0 && height > 0, "Invalid image for a crop to multiples of %s: %s", multiple, image);
            return center(width, height).apply(image);
        };
    }

    @Override
    public RgbImage apply(RgbImage image) {
        checkArgument(x + width <= image.width() && y + height <= image.height(),
                "Invalid crop %s,%s %sx%s of a %sx%s image", x, y, width, height, image.width(), image.height());
        byte[] out = new byte[width * height * 3];
        for (int row = 0; row < height; row++) {
            System.arraycopy(image.pixels(), ((y + row) * image.width() + x) * 3, out, row * width * 3, width * 3);
        }
        return new RgbImage(width, height, out);
    }
}
