package io.unosynth.trainer.dit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;

/** flux's math.py, plus the activations and norms its layers use. Layouts in each method's Javadoc. */
public final class FluxMath {
    private static final double TIME_FACTOR = 1000.0;
    private static final double MAX_PERIOD = 10_000.0;
    private static final double NORM_EPS = 1e-6;

    private FluxMath() {}

    /**
     * The rotary angles of every token (EmbedND + rope): for axis a with dimension d_a the frequencies are
     * {@code theta^(-2j/d_a)}, j < d_a/2, and the angle is {@code pos_a * omega_j}, in float64 as flux computes it.
     * The axes' frequencies are concatenated, giving cos and sin {@code [tokens, headDim/2]}.
     *
     * @param ids {@code [tokens, axes]} position ids, row-major
     */
    public static Rope rope(NDManager manager, float[] ids, List<Integer> axesDim, int theta) {
        int axes = axesDim.size();
        int tokens = ids.length / axes;
        int pairs = axesDim.stream().mapToInt(Integer::intValue).sum() / 2;
        float[] cos = new float[tokens * pairs];
        float[] sin = new float[tokens * pairs];
        for (int token = 0; token < tokens; token++) {
            int column = 0;
            for (int axis = 0; axis < axes; axis++) {
                int dim = axesDim.get(axis);
                for (int j = 0; j < dim / 2; j++) {
                    double omega = 1.0 / Math.pow(theta, (2.0 * j) / dim);
                    double angle = ids[token * axes + axis] * omega;
                    cos[token * pairs + column] = (float) Math.cos(angle);
                    sin[token * pairs + column] = (float) Math.sin(angle);
                    column++;
                }
            }
        }
        Shape shape = new Shape(tokens, pairs);
        return new Rope(TorchTensors.of(manager, cos, shape), TorchTensors.of(manager, sin, shape));
    }

    /** Rotary cos and sin, each {@code [tokens, headDim/2]}. */
    public record Rope(NDArray cos, NDArray sin) {}

    /**
     * Rotates adjacent pairs (x_2j, x_2j+1) of every head by the token's angles (flux's apply_rope).
     *
     * @param x {@code [B, H, L, D]}
     */
    public static NDArray applyRope(NDArray x, Rope rope) {
        return BFloat16.inFloat32(x, wide -> rotate(wide, rope)); // flux rotates in float32 and casts back
    }

    private static NDArray rotate(NDArray x, Rope rope) {
        Shape shape = x.getShape();
        NDList pairs = x.reshape(shape.get(0), shape.get(1), shape.get(2), shape.get(3) / 2, 2).split(2, 4);
        NDArray first = pairs.get(0).squeeze(4);
        NDArray second = pairs.get(1).squeeze(4);
        NDArray rotatedFirst = first.mul(rope.cos()).sub(second.mul(rope.sin()));
        NDArray rotatedSecond = first.mul(rope.sin()).add(second.mul(rope.cos()));
        return rotatedFirst.stack(rotatedSecond, 4).reshape(shape);
    }

    /**
     * Scaled dot-product attention after rope; {@code q, k, v [B, H, L, D] -> [B, L, H*D]}.
     */
    public static NDArray attention(NDArray q, NDArray k, NDArray v, Rope rope) {
        Shape shape = q.getShape();
        NDArray rq = applyRope(q, rope);
        NDArray rk = applyRope(k, rope);
        NDArray scores = rq.matMul(rk.transpose(0, 1, 3, 2)).mul(constant(q, 1.0 / Math.sqrt(shape.get(3))));
        // softmax in float32 (as fused attention kernels accumulate), probabilities back in the scores' type
        NDArray out = BFloat16.inFloat32(scores, wide -> wide.softmax(-1)).matMul(v);
        return out.transpose(0, 2, 1, 3).reshape(shape.get(0), shape.get(2), shape.get(1) * shape.get(3));
    }

    /**
     * flux's timestep_embedding: {@code [cos(1000 t f), sin(1000 t f)]} with {@code f_i = 10000^(-i/half)}.
     *
     * @param t {@code [B]} -> {@code [B, dim]}
     */
    public static NDArray timestepEmbedding(NDArray t, int dim) {
        int half = dim / 2;
        NDManager manager = t.getManager();
        NDArray freqs = manager.arange(0f, (float) half).mul(constant(t, -Math.log(MAX_PERIOD) / half)).exp();
        NDArray args = t.mul(constant(t, TIME_FACTOR)).expandDims(1).mul(freqs.expandDims(0));
        return args.cos().concat(args.sin(), 1);
    }

    /**
     * A float32 scalar in libtorch-owned memory, for multiplying tensors that are differentiated. DJL's
     * {@code mul(Number)} and {@code div(Number)} wrap the number in a tensor over a Java buffer and close it at once,
     * while autograd keeps that tensor to compute the gradient: the backward pass could then read freed memory
     * (seen as NaN after tens of steps). {@code add}/{@code sub} with a number save no operand and stay safe.
     */
    public static NDArray constant(NDArray like, double value) {
        return TorchTensors.of(like.getManager(), new float[] {(float) value}, new Shape());
    }

    public static NDArray silu(NDArray x) {
        return BFloat16.inFloat32(x, wide -> wide.mul(Activation.sigmoid(wide)));
    }

    /** GELU with the tanh approximation ({@code nn.GELU(approximate="tanh")}). */
    public static NDArray geluTanh(NDArray x) {
        return BFloat16.inFloat32(x, FluxMath::geluTanhFloat32);
    }

    private static NDArray geluTanhFloat32(NDArray x) {
        NDArray inner = x.add(x.mul(x).mul(x).mul(constant(x, 0.044715))).mul(constant(x, Math.sqrt(2 / Math.PI)));
        return x.mul(inner.tanh().add(1)).mul(constant(x, 0.5));
    }

    /** LayerNorm over the last axis without affine parameters, eps 1e-6. */
    public static NDArray layerNorm(NDArray x) {
        return BFloat16.inFloat32(x, FluxMath::layerNormFloat32);
    }

    private static NDArray layerNormFloat32(NDArray x) {
        NDArray centered = x.sub(x.mean(new int[] {-1}, true));
        NDArray variance = centered.square().mean(new int[] {-1}, true);
        return centered.div(variance.add(NORM_EPS).sqrt());
    }

    /**
     * flux's RMSNorm: {@code x / sqrt(mean(x^2) + 1e-6) * scale} over the last axis; normalised in float32, then cast
     * back to x's type and scaled, as flux does.
     */
    public static NDArray rmsNorm(NDArray x, NDArray scale) {
        return BFloat16.inFloat32(x, wide -> wide.div(wide.square().mean(new int[] {-1}, true).add(NORM_EPS).sqrt()))
                .mul(scale);
    }

    /** {@code (1 + scale) * x + shift}. */
    public static NDArray modulate(NDArray x, NDArray shift, NDArray scale) {
        return x.mul(scale.add(1)).add(shift);
    }
}
