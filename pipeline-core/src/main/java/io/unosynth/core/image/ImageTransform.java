package io.unosynth.core.image;

import java.util.List;

/** One step of image preprocessing; steps are small records composed with {@link #then}. */
@FunctionalInterface
public interface ImageTransform {
    RgbImage apply(RgbImage image);

    default ImageTransform then(ImageTransform next) {
        return image -> next.apply(apply(image));
    }

    static ImageTransform of(List<ImageTransform> steps) {
        return image -> {
            RgbImage result = image;
            for (ImageTransform step : steps) {
                result = step.apply(result);
            }
            return result;
        };
    }
}
