package io.unosynth.core.image;

import static io.unosynth.core.error.Preconditions.checkArgument;

/**
 * Cuts a side-by-side diptych into its left (reference) and right (target) halves, dropping {@code margin} pixels on
 * every side of each half (the seam and the outer frame, where diptychs often have a border or a blend). Subjects200K
 * cuts its 1056x528 composites this way with an 8-pixel margin, except for an extra 8 pixels on the outer right edge.
 */
public record DiptychSplit(int margin) {
    public DiptychSplit {
        checkArgument(margin >= 0, "Invalid diptych margin: %s", margin);
    }

    /** The two halves of one diptych. */
    public record Halves(RgbImage reference, RgbImage target) {}

    public Halves split(RgbImage diptych) {
        int half = diptych.width() / 2;
        int width = half - 2 * margin;
        int height = diptych.height() - 2 * margin;
        checkArgument(width > 0 && height > 0, "Invalid diptych %s for a margin of %s", diptych, margin);
        return new Halves(new Crop(margin, margin, width, height).apply(diptych),
                new Crop(half + margin, margin, width, height).apply(diptych));
    }
}
