package io.unosynth.runtime.contracts.owl;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.image.ImageTransform;
import io.unosynth.core.image.PadToSquare;
import io.unosynth.core.image.PixelNormalization;
import io.unosynth.core.image.ResampleFilter;
import io.unosynth.core.image.Resize;
import io.unosynth.core.image.RgbImage;

/**
 * OWLv2's image preprocessing: pad bottom/right to a square with grey (so boxes map back by one scale factor),
 * resize to 960 x 960 (bilinear, antialiased), CLIP mean and std. Pure.
 */
public final class OwlPreprocessor {
    public static final int IMAGE_SIZE = 960;

    private OwlPreprocessor() {}

    /** Writes the {@code [3, size, size]} planes of {@code image} into {@code out} from {@code offset}. */
    public static void toPixels(RgbImage image, int size, float[] out, int offset) {
        requireNonNull(image, "image is null");
        ImageTransform prepare = PadToSquare.grey().then(new Resize(size, size, ResampleFilter.BILINEAR));
        PixelNormalization.CLIP.toChw(prepare.apply(image), out, offset);
    }
}
