package io.unosynth.runtime.contracts.dino;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.image.Crop;
import io.unosynth.core.image.ImageTransform;
import io.unosynth.core.image.PixelNormalization;
import io.unosynth.core.image.ResampleFilter;
import io.unosynth.core.image.Resize;
import io.unosynth.core.image.RgbImage;
import java.util.List;

/**
 * DINOv2's image preprocessing (Hugging Face {@code BitImageProcessor} settings of the public exports): shortest edge
 * to 256 with bicubic resampling, centre crop 224 x 224, /255, ImageNet mean and std. Pure.
 */
public final class DinoPreprocessor {
    public static final int RESIZE_SHORTEST_EDGE = 256;
    public static final int CROP_SIZE = 224;
    /** Floats per image in {@code pixel_values}: {@code [3, 224, 224]}. */
    public static final int IMAGE_VALUES = 3 * CROP_SIZE * CROP_SIZE;

    private static final ImageTransform RESIZE_AND_CROP =
            Resize.shortestEdge(RESIZE_SHORTEST_EDGE, ResampleFilter.BICUBIC).then(Crop.center(CROP_SIZE, CROP_SIZE));

    private DinoPreprocessor() {}

    /** Writes the {@code [3, 224, 224]} planes of {@code image} into {@code out} from {@code offset}. */
    public static void toPixels(RgbImage image, float[] out, int offset) {
        requireNonNull(image, "image is null");
        PixelNormalization.IMAGENET.toChw(RESIZE_AND_CROP.apply(image), out, offset);
    }

    /** {@code pixel_values [images.size(), 3, 224, 224]}. */
    public static float[] toPixels(List<RgbImage> images) {
        float[] out = new float[images.size() * IMAGE_VALUES];
        for (int i = 0; i < images.size(); i++) {
            toPixels(images.get(i), out, i * IMAGE_VALUES);
        }
        return out;
    }
}
