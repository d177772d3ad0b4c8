package io.unosynth.runtime.demo;

import static ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT;
import static ai.onnx.proto.OnnxMl.TensorProto.DataType.INT64;

import ai.onnx.proto.OnnxMl.ModelProto;

/**
 * A CLIP-contract text encoder with random weights: {@code input_ids [batch, 77]} int64 ->
 * {@code text_embeddings [batch, 77, width]}, {@code pooled_embeddings [batch, width]}. Token plus position
 * embeddings, causal pre-LN transformer blocks, a final LayerNorm; pooled = the state at the end-of-text token
 * (the highest id), as CLIP does.
 */
final class ClipTextEncoder {
    private ClipTextEncoder() {}

    static ModelProto build(TextParams p, long seed) {
        GraphBuilder g = new GraphBuilder("clip_text_encoder", seed);
        String ids = g.input("input_ids", INT64, "batch", p.contextLength());
        String hidden = encode(g, "text_model", ids, null, p);
        String pooled = new Layers(g).poolAtEndToken(hidden, ids, p.contextLength());
        g.output(hidden, "text_embeddings", FLOAT, "batch", p.contextLength(), p.width());
        g.output(pooled, "pooled_embeddings", FLOAT, "batch", p.width());
        return g.build("CLIP-contract text encoder, random weights: " + p);
    }

    /**
     * The CLIP text tower: {@code ids [rows, tokens]} int64 -> {@code [rows, tokens, width]}.
     *
     * @param attentionMask {@code [rows, tokens]} int64 (1 = token, 0 = padding) or null for none
     */
    static String encode(GraphBuilder g, String prefix, String ids, String attentionMask, TextParams p) {
        Layers layers = new Layers(g);
        int t = p.contextLength();
        String x = g.add(g.gather(g.normal(prefix + ".token_embedding", 0.02, p.vocabularySize(), p.width()), ids),
                g.normal(prefix + ".position_embedding", 0.01, t, p.width()));
        String mask = g.constant(causalMask(t), t, t);
        if (attentionMask != null) {
            // [rows, tokens] -> additive [rows, 1, 1, tokens]: padding keys get a large negative score
            String keep = g.cast(attentionMask, FLOAT);
            String padding = g.mul(g.sub(g.scalar(1f), keep), g.scalar(-1e9f));
            mask = g.add(mask, g.unsqueeze(padding, 1, 2));
        }
        for (int i = 0; i < p.depth(); i++) {
            x = layers.encoderBlock(prefix + ".layers." + i, x, p.width(), p.heads(), 4, mask);
        }
        return layers.layerNorm(prefix + ".final_layer_norm", x, p.width());
    }

    /** {@code [tokens, tokens]}: 0 where a query may see a key (key <= query), a large negative value elsewhere. */
    private static float[] causalMask(int tokens) {
        float[] mask = new float[tokens * tokens];
        for (int query = 0; query < tokens; query++) {
            for (int key = query + 1; key < tokens; key++) {
                mask[query * tokens + key] = -1e9f;
            }
        }
        return mask;
    }
}
