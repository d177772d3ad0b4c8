package io.unosynth.runtime.demo;

import static ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT;

import ai.onnx.proto.OnnxMl.ModelProto;

/**
 * A DINO v1 contract image embedder with random weights (the shape of a Hugging Face {@code ViTModel} export of
 * {@code facebook/dino-vits16}): {@code pixel_values [batch, 3, 224, 224]} -> {@code last_hidden_state
 * [batch, 1 + 196, width]}, patch 16. It has no pooler output on purpose: ViTModel's pooler is a tanh dense layer,
 * not the CLS token the DreamBench DINO score uses, so the contract reads the CLS row.
 */
final class DinoV1Embedder {
    /**
     * ViT-S/16 layout at demo width: 224 px, patch 16,
     * 1 block of width {@value DemoModels#EVALUATION_IMAGE_WIDTH}.
     */
    static final DinoEmbedder.Params DEMO =
            new DinoEmbedder.Params(224, 16, DemoModels.EVALUATION_IMAGE_WIDTH, 1, 2, 4);

    private DinoV1Embedder() {}

    static ModelProto build(DinoEmbedder.Params p, long seed) {
        GraphBuilder g = new GraphBuilder("dino_v1_embedder", seed);
        String pixels = g.input("pixel_values", FLOAT, "batch", 3, p.imageSize(), p.imageSize());
        String last = DinoEmbedder.vitTower(g, p, pixels);
        g.output(last, "last_hidden_state", FLOAT, "batch", 1 + p.patches(), p.width());
        return g.build("DINO v1 contract embedder, random weights: " + p);
    }
}
