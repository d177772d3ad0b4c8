package io.unosynth.runtime.demo;

import static ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT;
import static ai.onnx.proto.OnnxMl.TensorProto.DataType.INT64;

import ai.onnx.proto.OnnxMl.ModelProto;

/**
 * A T5-contract text encoder with random weights: {@code input_ids [batch, 512]} int64 ->
 * {@code text_embeddings [batch, 512, width]}. T5 v1.1 style: RMSNorm before each sublayer, bidirectional
 * attention, gated-GELU feed-forward, final RMSNorm. One simplification: learned absolute position embeddings
 * instead of T5's bucketed relative position bias (the contract does not see the difference).
 */
final class T5Encoder {
    private T5Encoder() {}

    static ModelProto build(TextParams p, long seed) {
        GraphBuilder g = new GraphBuilder("t5_encoder", seed);
        Layers layers = new Layers(g);
        int d = p.width();
        String ids = g.input("input_ids", INT64, "batch", p.contextLength());
        String x = g.add(g.gather(g.normal("shared", 1.0, p.vocabularySize(), d), ids),
                g.normal("encoder.position_embedding", 0.1, p.contextLength(), d));
        for (int i = 0; i < p.depth(); i++) {
            String prefix = "encoder.block." + i;
            x = g.add(x, layers.selfAttention(prefix + ".attention",
                    layers.rmsNorm(prefix + ".attention_norm", x, d), d, p.heads(), null));
            x = g.add(x, gatedFeedForward(layers, g, prefix + ".ff", layers.rmsNorm(prefix + ".ff_norm", x, d), d));
        }
        String hidden = layers.rmsNorm("encoder.final_layer_norm", x, d);
        g.output(hidden, "text_embeddings", FLOAT, "batch", p.contextLength(), d);
        return g.build("T5-contract text encoder, random weights: " + p);
    }

    /** T5 v1.1's feed-forward: {@code wo(gelu(wi_0 x) * wi_1 x)}, hidden width 2x. */
    private static String gatedFeedForward(Layers layers, GraphBuilder g, String prefix, String x, int width) {
        int hidden = 2 * width;
        String gate = layers.gelu(layers.linear(prefix + ".wi_0", x, width, hidden));
        return layers.linear(prefix + ".wo", g.mul(gate, layers.linear(prefix + ".wi_1", x, width, hidden)),
                hidden, width);
    }
}
