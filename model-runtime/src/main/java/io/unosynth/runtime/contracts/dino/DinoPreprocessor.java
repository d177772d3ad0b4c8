package io.unosynth.runtime.contracts.dino;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;
import io.unosynth.core.image.ImageTransform;
import io.unosynth.core.image.PixelNormalization;
import io.unosynth.core.image.ResampleFilter;
import io.unosynth.core.image.Resize;
import io.unosynth.core.image.RgbImage;
import java.nio.FloatBuffer;
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
            Resize.shortestEdgeCenterCrop(RESIZE_SHORTEST_EDGE, CROP_SIZE, CROP_SIZE, ResampleFilter.BICUBIC);

    private DinoPreprocessor() {}

    /** Writes the {@code [3, 224, 224]} planes of {@code image} into {@code out} from {@code offset}. */
    public static void toPixels(RgbImage image, float[] out, int offset) {
        requireNonNull(image, "image is null");
        PixelNormalization.IMAGENET.toChw(crop(image), out, offset);
    }

    /**
     * The resize and centre crop alone: 224 x 224 bytes, a quarter the size of their float planes, for callers that
     * prepare on worker threads and normalise into the model's batch buffer ({@link #normalize}).
     */
    public static RgbImage crop(RgbImage image) {
        return RESIZE_AND_CROP.apply(requireNonNull(image, "image is null"));
    }

    /** Writes the {@code [3, 224, 224]} planes of a {@link #crop} into {@code out} from index {@code offset}. */
    public static void normalize(RgbImage crop, FloatBuffer out, int offset) {
        Preconditions.checkArgument(crop.width() == CROP_SIZE && crop.height() == CROP_SIZE,
                "Invalid DINOv2 crop: %s, expected %sx%s", crop, CROP_SIZE, CROP_SIZE);
        PixelNormalization.IMAGENET.toChw(crop, out, offset);
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
