package io.unosynth.core.expand;

import io.unosynth.core.image.RgbImage;

/**
 * The seam to the subject-to-image model: a clean reference of the object in {@code crop} (UNO regenerates crops
 * because crops as references teach copy-paste). Implementations must be safe to call from several threads.
 */
public interface ReferenceRegenerator {
    /** Recorded in the stage's stats. */
    String modelId();

    /** The regenerated reference, square, of the configured size; depends only on its arguments. */
    RgbImage regenerate(RgbImage crop, String label, long seed);
}
