package io.unosynth.runtime.demo;

import static ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT;
import static java.util.Objects.requireNonNull;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.unosynth.core.error.Preconditions;
import java.util.List;

/**
 * A FLUX-contract transformer with random weights, built like black-forest-labs/flux's {@code Flux} model:
 * <pre>
 *   hidden_states [B, N, 64], encoder_hidden_states [B, 512, contextWidth], pooled_projections [B, pooledWidth],
 *   timestep [B], img_ids [N, 3], txt_ids [512, 3], guidance [B]  ->  latent [B, N, 64]
 * </pre>
 * img_in/txt_in projections; vec = time_in(t) + guidance_in(g) + vector_in(pooled) with sinusoidal embeddings;
 * double-stream blocks with adaptive LayerNorm modulation (shift, scale, gate) from vec, QK RMSNorm, and joint
 * attention over [text tokens | image tokens] with rotary position embeddings computed in the graph from
 * concat(txt_ids, img_ids) (EmbedND: per-axis frequencies, angles = pos * omega, rotated pairs); an adaLN final
 * layer projects the image tokens back to 64 features. N (image tokens, target plus references) is dynamic.
 */
final class FluxTransformer {
    private static final int TIME_EMBEDDING_DIM = 256;
    private static final float TIME_FACTOR = 1000f;

    private FluxTransformer() {}

    /** Sizes; {@code axesDim} are the rotary dimensions per id axis and must sum to the head dimension. */
    record Params(int inChannels, int hidden, int heads, int depth, int contextWidth, int pooledWidth,
                  int textTokens, List<Integer> axesDim, double theta) {
        Params {
            requireNonNull(axesDim, "axesDim is null");
            axesDim = List.copyOf(axesDim);
            Preconditions.checkArgument(heads > 0 && hidden % heads == 0,
                    "Invalid FLUX hidden size: %d is not divisible by %d heads", hidden, heads);
            int headDim = hidden / heads;
            Preconditions.checkArgument(axesDim.stream().mapToInt(Integer::intValue).sum() == headDim,
                    "Invalid FLUX axes_dim: %s sums to %d, the head dimension is %d",
                    axesDim, axesDim.stream().mapToInt(Integer::intValue).sum(), headDim);
            Preconditions.checkArgument(axesDim.stream().allMatch(dim -> dim > 0 && dim % 2 == 0),
                    "Invalid FLUX axes_dim: %s has an odd or non-positive entry", axesDim);
            Preconditions.checkArgument(depth > 0 && inChannels > 0 && textTokens > 0,
                    "Invalid FLUX sizes: depth %d, in channels %d, text tokens %d", depth, inChannels, textTokens);
        }

        int headDim() {
            return hidden / heads;
        }
    }

    static ModelProto build(Params p, long seed) {
        GraphBuilder g = new GraphBuilder("flux_transformer", seed);
        Layers layers = new Layers(g);
        int d = p.hidden();
        String img = g.input("hidden_states", FLOAT, "batch", "image_tokens", p.inChannels());
        String txt = g.input("encoder_hidden_states", FLOAT, "batch", p.textTokens(), p.contextWidth());
        String pooled = g.input("pooled_projections", FLOAT, "batch", p.pooledWidth());
        String timestep = g.input("timestep", FLOAT, "batch");
        String imgIds = g.input("img_ids", FLOAT, "image_tokens", 3);
        String txtIds = g.input("txt_ids", FLOAT, p.textTokens(), 3);
        String guidance = g.input("guidance", FLOAT, "batch");

        img = layers.linear("img_in", img, p.inChannels(), d);
        txt = layers.linear("txt_in", txt, p.contextWidth(), d);
        String vec = g.add(g.add(
                mlpEmbedder(layers, "time_in", timestepEmbedding(g, timestep), TIME_EMBEDDING_DIM, d),
                mlpEmbedder(layers, "guidance_in", timestepEmbedding(g, guidance), TIME_EMBEDDING_DIM, d)),
                mlpEmbedder(layers, "vector_in", pooled, p.pooledWidth(), d));
        Rope rope = rope(g, g.concat(0, txtIds, imgIds), p);

        for (int i = 0; i < p.depth(); i++) {
            Streams streams = doubleStreamBlock(g, layers, "double_blocks." + i, img, txt, vec, rope, p);
            img = streams.img();
            txt = streams.txt();
        }
        List<String> shiftScale = modulation(g, layers, "final_layer.adaLN_modulation", vec, d, 2);
        String out = layers.linear("final_layer.linear",
                modulate(g, layers.plainLayerNorm(img, d), shiftScale.get(0), shiftScale.get(1)), d, p.inChannels());
        g.output(out, "latent", FLOAT, "batch", "image_tokens", p.inChannels());
        return g.build("FLUX-contract transformer, random weights: " + p);
    }

    /** The image and text streams after a double-stream block, both {@code [batch, tokens, hidden]}. */
    private record Streams(String img, String txt) {}

    /** Rotary tables {@code [tokens, headDim / 2, 1]} for the joint sequence. */
    private record Rope(String cos, String sin) {}

    /**
     * Sinusoidal embedding of a {@code [batch]} scalar (FLUX {@code timestep_embedding}): t * 1000 times
     * frequencies exp(-ln(10000) i / half) -> {@code [batch, 256]} = [cos | sin].
     */
    private static String timestepEmbedding(GraphBuilder g, String t) {
        int half = TIME_EMBEDDING_DIM / 2;
        float[] frequencies = new float[half];
        for (int i = 0; i < half; i++) {
            frequencies[i] = (float) Math.exp(-Math.log(10000.0) * i / half);
        }
        String args = g.mul(g.mul(g.unsqueeze(t, 1), g.scalar(TIME_FACTOR)), g.constant(frequencies, half));
        return g.concat(-1, g.cos(args), g.sin(args));
    }

    /** FLUX {@code MLPEmbedder}: linear, SiLU, linear: {@code [batch, in] -> [batch, hidden]}. */
    private static String mlpEmbedder(Layers layers, String prefix, String x, int in, int hidden) {
        return layers.linear(prefix + ".out_layer", layers.silu(layers.linear(prefix + ".in_layer", x, in, hidden)),
                hidden, hidden);
    }

    /**
     * FLUX {@code EmbedND} and {@code rope}: angles {@code [tokens, headDim/2]} = ids {@code [tokens, 3]} times a
     * block matrix whose row a holds axis a's frequencies 1 / theta^(2i / dim_a) in its own columns (zeros
     * elsewhere), i.e. per-axis pos * omega concatenated over the axes.
     */
    private static Rope rope(GraphBuilder g, String ids, Params p) {
        int columns = p.headDim() / 2;
        float[] omega = new float[p.axesDim().size() * columns];
        int column = 0;
        for (int axis = 0; axis < p.axesDim().size(); axis++) {
            int dim = p.axesDim().get(axis);
            for (int i = 0; i < dim / 2; i++) {
                omega[axis * columns + column++] = (float) (1.0 / Math.pow(p.theta(), 2.0 * i / dim));
            }
        }
        String angles = g.unsqueeze(g.matMul(ids, g.constant(omega, p.axesDim().size(), columns)), -1);
        return new Rope(g.cos(angles), g.sin(angles));
    }

    /**
     * FLUX {@code apply_rope}: rotates each feature pair (x0, x1) of {@code [batch, heads, tokens, headDim]} by its
     * angle: (x0 cos - x1 sin, x0 sin + x1 cos).
     */
    private static String applyRope(GraphBuilder g, String x, Rope rope, int headDim) {
        List<String> pair = g.split(g.reshape(x, 0, 0, 0, headDim / 2, 2), -1, 1, 1);
        String x0 = pair.get(0);
        String x1 = pair.get(1);
        String rotated0 = g.sub(g.mul(x0, rope.cos()), g.mul(x1, rope.sin()));
        String rotated1 = g.add(g.mul(x0, rope.sin()), g.mul(x1, rope.cos()));
        return g.reshape(g.concat(-1, rotated0, rotated1), 0, 0, 0, headDim);
    }

    /** FLUX {@code Modulation}: {@code count} vectors {@code [batch, 1, hidden]} from SiLU(vec). */
    private static List<String> modulation(GraphBuilder g, Layers layers, String prefix, String vec, int hidden,
                                           int count) {
        String all = g.unsqueeze(layers.linear(prefix, layers.silu(vec), hidden, count * hidden), 1);
        long[] sizes = new long[count];
        java.util.Arrays.fill(sizes, hidden);
        return g.split(all, -1, sizes);
    }

    /** {@code (1 + scale) * x + shift}. */
    private static String modulate(GraphBuilder g, String x, String shift, String scale) {
        return g.add(g.mul(x, g.add(scale, g.scalar(1f))), shift);
    }

    /** One stream's modulated qkv, heads split, QK RMS-normed: each {@code [batch, heads, tokens, headDim]}. */
    private static List<String> streamQkv(GraphBuilder g, Layers layers, String prefix, String x, String shift,
                                          String scale, Params p) {
        int d = p.hidden();
        String modulated = modulate(g, layers.plainLayerNorm(x, d), shift, scale);
        List<String> qkv = g.split(layers.linear(prefix + ".qkv", modulated, d, 3 * d), -1, d, d, d);
        String q = layers.rmsNorm(prefix + ".norm.query_norm", layers.splitHeads(qkv.get(0), p.heads(), p.headDim()),
                p.headDim());
        String k = layers.rmsNorm(prefix + ".norm.key_norm", layers.splitHeads(qkv.get(1), p.heads(), p.headDim()),
                p.headDim());
        return List.of(q, k, layers.splitHeads(qkv.get(2), p.heads(), p.headDim()));
    }

    /** Residual updates of one stream after joint attention: attention output, then the modulated MLP. */
    private static String streamUpdate(GraphBuilder g, Layers layers, String prefix, String x, String attention,
                                       List<String> mod, int d) {
        x = g.add(x, g.mul(mod.get(2), layers.linear(prefix + "_attn.proj", attention, d, d)));
        String mlpIn = modulate(g, layers.plainLayerNorm(x, d), mod.get(3), mod.get(4));
        return g.add(x, g.mul(mod.get(5), layers.mlp(prefix + "_mlp", mlpIn, d, 4 * d)));
    }

    /** FLUX {@code DoubleStreamBlock}: separate weights per stream, one joint attention over [txt | img]. */
    private static Streams doubleStreamBlock(GraphBuilder g, Layers layers, String prefix, String img, String txt,
                                             String vec, Rope rope, Params p) {
        int d = p.hidden();
        List<String> imgMod = modulation(g, layers, prefix + ".img_mod.lin", vec, d, 6);
        List<String> txtMod = modulation(g, layers, prefix + ".txt_mod.lin", vec, d, 6);
        List<String> imgQkv = streamQkv(g, layers, prefix + ".img_attn", img, imgMod.get(0), imgMod.get(1), p);
        List<String> txtQkv = streamQkv(g, layers, prefix + ".txt_attn", txt, txtMod.get(0), txtMod.get(1), p);

        // Joint sequence along tokens (axis 2 of [B, H, L, Dh]): text first, as the ids are concatenated.
        String q = applyRope(g, g.concat(2, txtQkv.get(0), imgQkv.get(0)), rope, p.headDim());
        String k = applyRope(g, g.concat(2, txtQkv.get(1), imgQkv.get(1)), rope, p.headDim());
        String v = g.concat(2, txtQkv.get(2), imgQkv.get(2));
        String attention = layers.mergeHeads(layers.scaledDotProduct(q, k, v, p.headDim(), null), d);
        String txtAttention = g.slice(attention, 1, 0, p.textTokens());
        String imgAttention = g.slice(attention, 1, p.textTokens(), Long.MAX_VALUE);

        return new Streams(streamUpdate(g, layers, prefix + ".img", img, imgAttention, imgMod, d),
                streamUpdate(g, layers, prefix + ".txt", txt, txtAttention, txtMod, d));
    }
}
