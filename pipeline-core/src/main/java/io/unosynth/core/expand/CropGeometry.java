package io.unosynth.core.expand;

import io.unosynth.core.error.Preconditions;
import io.unosynth.core.image.Crop;

/**
 * Where to cut a detected object out of its image: the box grown by {@code margin} times its own width (height) on
 * each side, cut at the image's borders (never shifted, so the object stays where the margin puts it), then widened
 * around its centre to at least {@code minSide} pixels per side (or the whole side of a smaller image), shifted
 * inside the image only for that widening. Corners are rounded outwards. Pure.
 */
public record CropGeometry(double margin, int minSide) {
    public CropGeometry {
        Preconditions.checkArgument(margin >= 0, "Invalid crop margin: %s", margin);
        Preconditions.checkArgument(minSide >= 1, "Invalid minimum crop side: %s", minSide);
    }

    public Crop around(PixelBox box, int width, int height) {
        Preconditions.checkArgument(width > 0 && height > 0, "Invalid image size %sx%s", width, height);
        int[] columns = span(box.x0() - margin * box.width(), box.x1() + margin * box.width(), width);
        int[] rows = span(box.y0() - margin * box.height(), box.y1() + margin * box.height(), height);
        return new Crop(columns[0], rows[0], columns[1] - columns[0], rows[1] - rows[0]);
    }

    /** {@code [start, end)} on an axis of {@code length} pixels. */
    private int[] span(double from, double to, int length) {
        int start = (int) Math.max(0, Math.min(length, Math.floor(from)));
        int end = (int) Math.max(0, Math.min(length, Math.ceil(to)));
        int wanted = Math.min(minSide, length);
        if (end - start < wanted) {
            int centre = (int) Math.floor((Math.max(0, Math.min(length, from)) + Math.max(0, Math.min(length, to)))
                    / 2);
            start = Math.max(0, Math.min(length - wanted, centre - wanted / 2));
            end = start + wanted;
        }
        return new int[] {start, end};
    }
}
