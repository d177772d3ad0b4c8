package io.unosynth.core.expand;

import io.unosynth.core.error.Preconditions;
import java.io.Serializable;

/** A box in pixels of the target image: left, top, right, bottom ({@code x0 <= x1}, {@code y0 <= y1}). */
public record PixelBox(double x0, double y0, double x1, double y1) implements Serializable {
    public PixelBox {
        Preconditions.checkArgument(x0 <= x1 && y0 <= y1, "Invalid box: (%s, %s, %s, %s)", x0, y0, x1, y1);
    }

    public double width() {
        return x1 - x0;
    }

    public double height() {
        return y1 - y0;
    }

    public double area() {
        return width() * height();
    }

    /** The longer side over the shorter; infinite for a degenerate box. */
    public double aspect() {
        double shorter = Math.min(width(), height());
        return shorter <= 0 ? Double.POSITIVE_INFINITY : Math.max(width(), height()) / shorter;
    }

    /** Intersection over union; 0 when both are empty. */
    public double iou(PixelBox other) {
        double w = Math.min(x1, other.x1) - Math.max(x0, other.x0);
        double h = Math.min(y1, other.y1) - Math.max(y0, other.y0);
        double intersection = w <= 0 || h <= 0 ? 0 : w * h;
        double union = area() + other.area() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}
