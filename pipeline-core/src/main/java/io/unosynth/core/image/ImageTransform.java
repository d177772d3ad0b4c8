package io.unosynth.core.image;

/** One step of image preprocessing; steps are small records composed with {@link #then}. */
@FunctionalInterface
public interface ImageTransform {
    RgbImage apply(RgbImage image);

    default ImageTransform then(ImageTransform next) {
        return image -> next.apply(apply(image));
    }
}
