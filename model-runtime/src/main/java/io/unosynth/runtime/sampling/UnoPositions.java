package io.unosynth.runtime.sampling;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * UnoPE (UNO's universal rotary position embedding): reference images get position ids offset past the target so
 * the model tells them apart from the image it generates. With the target on an h x w token grid, reference i on an
 * h_i x w_i grid starts at (sh, sw), which begins at (h, w) and grows by (h_i, w_i) after each reference: a diagonal
 * cascade. The variants keep only the row shift, only the column shift, or none (UNO's ablation).
 */
public final class UnoPositions {
    /** How reference ids are offset. */
    public enum Offset {
        /** Rows and columns ('d', UNO's default). */
        DIAGONAL,
        /** Rows only ('h'). */
        HEIGHT,
        /** Columns only ('w'). */
        WIDTH,
        /** No offset ('o'): references share the target's positions. */
        NONE
    }

    /** A token grid: rows = H/16, cols = W/16 of an image. */
    public record Grid(int rows, int cols) {}

    private UnoPositions() {}

    /** The ids of each reference, in order; each {@code [rows_i * cols_i, 3]}. */
    public static List<float[]> referenceIds(Grid target, List<Grid> references, Offset offset) {
        requireNonNull(offset, "offset is null");
        List<float[]> ids = new ArrayList<>(references.size());
        int shiftRows = target.rows();
        int shiftCols = target.cols();
        for (Grid reference : references) {
            int rowOffset = offset == Offset.DIAGONAL || offset == Offset.HEIGHT ? shiftRows : 0;
            int colOffset = offset == Offset.DIAGONAL || offset == Offset.WIDTH ? shiftCols : 0;
            ids.add(PositionIds.image(reference.rows(), reference.cols(), rowOffset, colOffset));
            shiftRows += reference.rows();
            shiftCols += reference.cols();
        }
        return ids;
    }
}
