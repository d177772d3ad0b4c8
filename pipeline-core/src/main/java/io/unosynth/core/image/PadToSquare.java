package io.unosynth.core.image;

/**
 * Pads the bottom or right edge so the image is square, keeping pixel coordinates of the original (OWLv2's
 * preprocessing; boxes predicted on the square map back by one scale factor).
 */
public record PadToSquare(int fillRed, int fillGreen, int fillBlue) implements ImageTransform {
    /** OWLv2 pads with mid-grey (0.5 before normalisation). */
    public static PadToSquare grey() {
        return new PadToSquare(128, 128, 128);
    }

    @Override
    public RgbImage apply(RgbImage image) {
        int side = Math.max(image.width(), image.height());
        if (image.width() == side && image.height() == side) {
            return image;
        }
        byte[] out = new byte[side * side * 3];
        for (int i = 0; i < side * side; i++) {
            out[3 * i] = (byte) fillRed;
            out[3 * i + 1] = (byte) fillGreen;
            out[3 * i + 2] = (byte) fillBlue;
        }
        for (int row = 0; row < image.height(); row++) {
            System.arraycopy(image.pixels(), row * image.width() * 3, out, row * side * 3, image.width() * 3);
        }
        return new RgbImage(side, side, out);
    }
}
