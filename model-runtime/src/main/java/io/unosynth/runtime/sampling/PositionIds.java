package io.unosynth.runtime.sampling;

import static io.unosynth.core.error.Preconditions.checkArgument;

/**
 * The 3-axis position ids FLUX's rotary embedding reads: text tokens are all (0, 0, 0); the image token at grid
 * cell (r, c) is (0, r + rowOffset, c + colOffset). Layout {@code [tokens, 3]}, float32 as the exports take them.
 */
public final class PositionIds {
    private PositionIds() {}

    public static float[] text(int tokens) {
        return new float[tokens * 3];
    }

    public static float[] image(int rows, int cols, int rowOffset, int colOffset) {
        checkArgument(rows > 0 && cols > 0, "Invalid token grid %sx%s", rows, cols);
        float[] ids = new float[rows * cols * 3];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = (r * cols + c) * 3;
                ids[i + 1] = r + rowOffset;
                ids[i + 2] = c + colOffset;
            }
        }
        return ids;
    }
}
