package io.unosynth.runtime.demo;

import static java.util.Objects.requireNonNull;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Transformer building blocks written into a {@link GraphBuilder}: linear layers, norms, GELU MLP, multi-head
 * attention. Each method takes a parameter-name prefix (like a PyTorch module path) and tensor names, and returns
 * the output tensor name. Layouts are {@code [batch, tokens, channels]} unless a method says otherwise.
 */
final class Layers {
    private static final float LAYER_NORM_EPSILON = 1e-6f;

    private final GraphBuilder g;
    /** Per width, the constant scale (ones) and shift (zeros) of affine-free LayerNorms, shared by all of them. */
    private final Map<Integer, String[]> identityAffine = new HashMap<>();

    Layers(GraphBuilder g) {
        this.g = requireNonNull(g, "g is null");
    }

    /** {@code x @ W + b} over the last axis; W ~ N(0, 1/in) so activations keep their scale. */
    String linear(String prefix, String x, int in, int out) {
        String weight = g.normal(prefix + ".weight", 1.0 / Math.sqrt(in), in, out);
        String bias = g.normal(prefix + ".bias", 0.02, out);
        return g.add(g.matMul(x, weight), bias);
    }

    /** LayerNorm over the last axis with learned scale (ones) and shift (zeros). */
    String layerNorm(String prefix, String x, int width) {
        return g.layerNormalization(x, g.ones(prefix + ".weight", width), g.zeros(prefix + ".bias", width),
                LAYER_NORM_EPSILON);
    }

    /** LayerNorm without affine parameters, as FLUX uses before adaptive modulation. */
    String plainLayerNorm(String x, int width) {
        String[] identity = identityAffine.computeIfAbsent(width, w -> {
            float[] ones = new float[w];
            Arrays.fill(ones, 1f);
            return new String[] {g.constant(ones, w), g.constant(new float[w], w)};
        });
        return g.layerNormalization(x, identity[0], identity[1], LAYER_NORM_EPSILON);
    }

    /** RMSNorm over the last axis: {@code x / sqrt(mean(x^2) + eps) * w} (T5, FLUX QK-norm). */
    String rmsNorm(String prefix, String x, int width) {
        String meanSquare = g.reduceMean(g.mul(x, x), -1);
        String rms = g.sqrt(g.add(meanSquare, g.scalar(LAYER_NORM_EPSILON)));
        return g.mul(g.div(x, rms), g.ones(prefix + ".weight", width));
    }

    /** Exact GELU, {@code 0.5 x (1 + erf(x / sqrt 2))} (opset 17 has no Gelu operator). */
    String gelu(String x) {
        String erf = g.erf(g.div(x, g.scalar((float) Math.sqrt(2.0))));
        return g.mul(g.mul(x, g.scalar(0.5f)), g.add(erf, g.scalar(1f)));
    }

    String silu(String x) {
        return g.mul(x, g.sigmoid(x));
    }

    /** Two linear layers with a GELU between: {@code [.., width] -> [.., hidden] -> [.., width]}. */
    String mlp(String prefix, String x, int width, int hidden) {
        return linear(prefix + ".fc2", gelu(linear(prefix + ".fc1", x, width, hidden)), hidden, width);
    }

    /**
     * Multi-head self-attention: fused qkv projection, scaled dot product, output projection.
     *
     * @param x    {@code [batch, tokens, width]}
     * @param mask additive mask broadcastable to {@code [batch, heads, tokens, tokens]}, or null
     */
    String selfAttention(String prefix, String x, int width, int heads, String mask) {
        List<String> qkv = g.split(linear(prefix + ".qkv", x, width, 3 * width), -1, width, width, width);
        int headDim = width / heads;
        String attended = scaledDotProduct(splitHeads(qkv.get(0), heads, headDim),
                splitHeads(qkv.get(1), heads, headDim), splitHeads(qkv.get(2), heads, headDim), headDim, mask);
        return linear(prefix + ".proj", mergeHeads(attended, width), width, width);
    }

    /** {@code [batch, tokens, heads * headDim] -> [batch, heads, tokens, headDim]}. */
    String splitHeads(String x, int heads, int headDim) {
        return g.transpose(g.reshape(x, 0, 0, heads, headDim), 0, 2, 1, 3);
    }

    /** {@code [batch, heads, tokens, headDim] -> [batch, tokens, width]}. */
    String mergeHeads(String x, int width) {
        return g.reshape(g.transpose(x, 0, 2, 1, 3), 0, 0, width);
    }

    /**
     * {@code softmax(q k^T / sqrt(d) + mask) v} on {@code [batch, heads, tokens, headDim]} tensors.
     * {@code mask} may be null.
     */
    String scaledDotProduct(String q, String k, String v, int headDim, String mask) {
        String scores = g.matMul(q, g.transpose(k, 0, 1, 3, 2));
        scores = g.mul(scores, g.scalar((float) (1.0 / Math.sqrt(headDim))));
        if (mask != null) {
            scores = g.add(scores, mask);
        }
        return g.matMul(g.softmax(scores, -1), v);
    }

    /** A pre-LN transformer block: {@code x + attn(LN(x))}, then {@code x + mlp(LN(x))}. */
    String encoderBlock(String prefix, String x, int width, int heads, int mlpRatio, String mask) {
        String attention = selfAttention(prefix + ".attn", layerNorm(prefix + ".norm1", x, width), width, heads, mask);
        x = g.add(x, attention);
        String mlp = mlp(prefix + ".mlp", layerNorm(prefix + ".norm2", x, width), width, mlpRatio * width);
        return g.add(x, mlp);
    }

    /**
     * Gathers one token per sequence: {@code hidden [batch, tokens, width]}, {@code index [batch, 1]} int64 ->
     * {@code [batch, width]}. Done as a one-hot matmul so no dynamic index arithmetic is needed.
     */
    String takeToken(String hidden, String index, int tokens) {
        long[] positions = new long[tokens];
        for (int i = 0; i < tokens; i++) {
            positions[i] = i;
        }
        String oneHot = g.cast(g.equal(g.longs(positions), index), DataType.FLOAT);
        return g.squeeze(g.matMul(g.unsqueeze(oneHot, 1), hidden), 1);
    }

    /**
     * CLIP pooling: the hidden state at the position of the highest token id (the end-of-text token is the last
     * id of the vocabulary), first occurrence. ArgMax runs on float ids (exact below 2^24), as Hugging Face's
     * CLIP export casts too, rather than relying on int64 ArgMax support.
     */
    String poolAtEndToken(String hidden, String inputIds, int tokens) {
        String ids = g.cast(inputIds, DataType.FLOAT);
        return takeToken(hidden, g.argMax(ids, 1, true), tokens);
    }
}
