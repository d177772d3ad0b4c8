package io.unosynth.runtime.contracts.dino;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.image.ImageTransform;
import io.unosynth.core.image.PixelNormalization;
import io.unosynth.core.image.ResampleFilter;
import io.unosynth.core.image.Resize;
import io.unosynth.core.image.RgbImage;
import java.util.List;

/**
 * DINO v1's evaluation preprocessing, pinned for the DreamBench DINO score: shortest edge to 256 with bicubic
 * resampling, centre crop 224 x 224, /255, ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225). This is
 * the transform of DINO v1's own evaluation scripts ({@code eval_knn.py}/{@code eval_linear.py}: Resize(256,
 * bicubic), CenterCrop(224), Normalize); it is kept separate from {@link DinoPreprocessor} so a change to the DINOv2
 * filter's preprocessing can never move the evaluation numbers. Scripts that use Hugging Face's ViTImageProcessor
 * for {@code facebook/dino-vits16} resize to 224 x 224 without a crop instead, and get different numbers. Pure.
 */
public final class DinoV1Preprocessor {
    public static final int RESIZE_SHORTEST_EDGE = 256;
    public static final int CROP_SIZE = 224;
    public static final ResampleFilter FILTER = ResampleFilter.BICUBIC;
    public static final PixelNormalization NORMALIZATION = PixelNormalization.IMAGENET;
    /** Floats per image in {@code pixel_values}: {@code [3, 224, 224]}. */
    public static final int IMAGE_VALUES = 3 * CROP_SIZE * CROP_SIZE;

    private static final ImageTransform RESIZE_AND_CROP =
            Resize.shortestEdgeCenterCrop(RESIZE_SHORTEST_EDGE, CROP_SIZE, CROP_SIZE, FILTER);

    private DinoV1Preprocessor() {}

    /** {@code pixel_values [images.size(), 3, 224, 224]}. */
    public static float[] toPixels(List<RgbImage> images) {
        float[] out = new float[images.size() * IMAGE_VALUES];
        for (int i = 0; i < images.size(); i++) {
            NORMALIZATION.toChw(RESIZE_AND_CROP.apply(requireNonNull(images.get(i), "image is null")), out,
                    i * IMAGE_VALUES);
        }
        return out;
    }
}
