package io.unosynth.runtime.demo;

import static ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT;

import ai.onnx.proto.OnnxMl.ModelProto;

/**
 * A CLIP vision tower with projection and random weights (the shape of a {@code CLIPVisionModelWithProjection}
 * export of ViT-B/32): {@code pixel_values [batch, 3, 224, 224]} -> {@code image_embeds [batch, projection]},
 * {@code last_hidden_state [batch, 1 + 49, width]}. image_embeds = the CLS state after a LayerNorm, times a
 * bias-free projection, as CLIP does.
 */
final class ClipVisionEncoder {
    /**
     * ViT-B/32 layout at demo width: 224 px, patch 32,
     * 1 block of width {@value DemoModels#EVALUATION_IMAGE_WIDTH}.
     */
    static final DinoEmbedder.Params DEMO =
            new DinoEmbedder.Params(224, 32, DemoModels.EVALUATION_IMAGE_WIDTH, 1, 2, 4);

    private ClipVisionEncoder() {}

    static ModelProto build(DinoEmbedder.Params p, int projection, long seed) {
        GraphBuilder g = new GraphBuilder("clip_vision_encoder", seed);
        String pixels = g.input("pixel_values", FLOAT, "batch", 3, p.imageSize(), p.imageSize());
        String last = DinoEmbedder.vitTower(g, p, pixels);
        String cls = new Layers(g).layerNorm("post_layernorm", g.squeeze(g.slice(last, 1, 0, 1), 1), p.width());
        String embeds = g.matMul(cls, g.normal("visual_projection.weight", 1.0 / Math.sqrt(p.width()), p.width(),
                projection));
        g.output(embeds, "image_embeds", FLOAT, "batch", projection);
        g.output(last, "last_hidden_state", FLOAT, "batch", 1 + p.patches(), p.width());
        return g.build("CLIP vision contract encoder with projection, random weights: " + p);
    }
}
