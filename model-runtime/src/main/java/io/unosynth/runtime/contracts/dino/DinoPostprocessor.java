package io.unosynth.runtime.contracts.dino;

import io.unosynth.core.error.Preconditions;
import io.unosynth.runtime.spi.Tensor;

/** DINOv2 embeddings from the model's output: the pooler output, or the CLS token, L2-normalised. Pure. */
public final class DinoPostprocessor {
    private DinoPostprocessor() {}

    /** @param pooled {@code pooler_output [batch, width]} -> one unit vector per image */
    public static float[][] fromPooled(Tensor pooled) {
        Preconditions.checkArgument(pooled.rank() == 2, "Invalid pooler_output: shape %s, expected [batch, width]",
                pooled.shapeText());
        return rows(pooled.toFloatArray(), (int) pooled.dimension(0), (int) pooled.dimension(1), 1);
    }

    /** @param hidden {@code last_hidden_state [batch, tokens, width]}; token 0 is CLS */
    public static float[][] fromClsToken(Tensor hidden) {
        Preconditions.checkArgument(hidden.rank() == 3, "Invalid last_hidden_state: shape %s, expected "
                + "[batch, tokens, width]", hidden.shapeText());
        return rows(hidden.toFloatArray(), (int) hidden.dimension(0), (int) hidden.dimension(2),
                (int) hidden.dimension(1));
    }

    /** {@code v / |v|}; a zero vector stays zero (nothing to point anywhere). */
    public static float[] l2Normalize(float[] vector) {
        double sum = 0;
        for (float value : vector) {
            sum += (double) value * value;
        }
        float[] out = vector.clone();
        if (sum > 0) {
            double inverse = 1 / Math.sqrt(sum);
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] * inverse);
            }
        }
        return out;
    }

    /** Row 0 of each {@code [tokens, width]} block of {@code values}, normalised. */
    private static float[][] rows(float[] values, int batch, int width, int tokens) {
        float[][] out = new float[batch][];
        for (int b = 0; b < batch; b++) {
            float[] row = new float[width];
            System.arraycopy(values, b * tokens * width, row, 0, width);
            out[b] = l2Normalize(row);
        }
        return out;
    }
}
