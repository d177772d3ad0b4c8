package io.unosynth.runtime.demo;

import static ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT;
import static ai.onnx.proto.OnnxMl.TensorProto.DataType.INT64;

import ai.onnx.proto.OnnxMl.ModelProto;

/**
 * A CLIP text tower with projection and random weights (the shape of a {@code CLIPTextModelWithProjection} export):
 * {@code input_ids [batch, 77]}, {@code attention_mask [batch, 77]} int64 -> {@code text_embeds [batch,
 * projection]}, {@code last_hidden_state [batch, 77, width]}. text_embeds = the state at the end-of-text token
 * times a bias-free projection, as CLIP does.
 */
final class ClipProjectedTextEncoder {
    private ClipProjectedTextEncoder() {}

    static ModelProto build(TextParams p, int projection, long seed) {
        GraphBuilder g = new GraphBuilder("clip_text_projected", seed);
        String ids = g.input("input_ids", INT64, "batch", p.contextLength());
        String mask = g.input("attention_mask", INT64, "batch", p.contextLength());
        String hidden = ClipTextEncoder.encode(g, "text_model", ids, mask, p);
        String pooled = new Layers(g).poolAtEndToken(hidden, ids, p.contextLength());
        String embeds = g.matMul(pooled, g.normal("text_projection.weight", 1.0 / Math.sqrt(p.width()), p.width(),
                projection));
        g.output(embeds, "text_embeds", FLOAT, "batch", projection);
        g.output(hidden, "last_hidden_state", FLOAT, "batch", p.contextLength(), p.width());
        return g.build("CLIP text contract encoder with projection, random weights: " + p);
    }
}
