package io.unosynth.runtime.contracts.clip;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.image.ImageTransform;
import io.unosynth.core.image.PixelNormalization;
import io.unosynth.core.image.ResampleFilter;
import io.unosynth.core.image.Resize;
import io.unosynth.core.image.RgbImage;
import java.util.List;

/**
 * CLIP ViT-B/32's image preprocessing (OpenAI's {@code clip.load} transform and Hugging Face's CLIPImageProcessor):
 * shortest edge to 224 with bicubic resampling, centre crop 224 x 224, /255, CLIP mean (0.48145466, 0.4578275,
 * 0.40821073) and std (0.26862954, 0.26130258, 0.27577711). Pure.
 */
public final class ClipImagePreprocessor {
    public static final int RESIZE_SHORTEST_EDGE = 224;
    public static final int CROP_SIZE = 224;
    public static final ResampleFilter FILTER = ResampleFilter.BICUBIC;
    public static final PixelNormalization NORMALIZATION = PixelNormalization.CLIP;
    /** Floats per image in {@code pixel_values}: {@code [3, 224, 224]}. */
    public static final int IMAGE_VALUES = 3 * CROP_SIZE * CROP_SIZE;

    private static final ImageTransform RESIZE_AND_CROP =
            Resize.shortestEdgeCenterCrop(RESIZE_SHORTEST_EDGE, CROP_SIZE, CROP_SIZE, FILTER);

    private ClipImagePreprocessor() {}

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
