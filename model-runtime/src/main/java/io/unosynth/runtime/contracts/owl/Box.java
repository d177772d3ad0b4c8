package io.unosynth.runtime.contracts.owl;

import io.unosynth.core.error.Preconditions;

/** A box in pixel coordinates of the original image: left, top, right, bottom ({@code x0 <= x1}, {@code y0 <= y1}). */
public record Box(float x0, float y0, float x1, float y1) {
    public Box {
        Preconditions.checkArgument(x0 <= x1 && y0 <= y1, "Invalid box: (%s, %s, %s, %s)", x0, y0, x1, y1);
    }

    public float width() {
        return x1 - x0;
    }

    public float height() {
        return y1 - y0;
    }
}
