package io.unosynth.runtime.demo;

import static ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.unosynth.core.error.Preconditions;
import java.nio.file.Path;

/**
 * A DINOv2-contract image embedder with random weights: {@code pixel_values [batch, 3, size, size]} ->
 * {@code last_hidden_state [batch, 1 + patches, width]}, {@code pooler_output [batch, width]}.
 * Patch embedding (a conv with kernel = stride = patch), a CLS token and learned position embeddings, pre-LN
 * transformer blocks, a final LayerNorm; the pooler output is the normalised CLS token, as in Hugging Face's
 * {@code Dinov2Model}.
 */
public final class DinoEmbedder {
    private DinoEmbedder() {}

    /** Sizes of the embedder; {@link #DEMO} is what the demo bundle ships, {@link #VIT_S14} is for benchmarks. */
    public record Params(int imageSize, int patchSize, int width, int depth, int heads, int mlpRatio) {
        /** The demo bundle's embedder: 224 px, patch 14, 2 blocks of width 64. */
        public static final Params DEMO = new Params(224, 14, 64, 2, 4, 4);
        /** ViT-S/14-sized (DINOv2-small): 224 px, 12 blocks, width 384, 6 heads (~22M parameters, ~88 MB). */
        public static final Params VIT_S14 = new Params(224, 14, 384, 12, 6, 4);
        /** ViT-S/16-sized: as {@link #VIT_S14} with patch 16 (196 patches), the size of Hugging Face's ViT-S/16. */
        public static final Params VIT_S16 = new Params(224, 16, 384, 12, 6, 4);

        public Params {
            Preconditions.checkArgument(patchSize > 0 && imageSize % patchSize == 0,
                    "Invalid embedder image size: %d is not a multiple of patch size %d", imageSize, patchSize);
            Preconditions.checkArgument(heads > 0 && width % heads == 0,
                    "Invalid embedder width: %d is not divisible by %d heads", width, heads);
            Preconditions.checkArgument(depth > 0 && mlpRatio > 0,
                    "Invalid embedder depth/mlp ratio: %d/%d", depth, mlpRatio);
        }

        /** Number of patch tokens (without CLS). */
        public int patches() {
            int side = imageSize / patchSize;
            return side * side;
        }
    }

    /** Writes a random-weight embedder with these sizes to {@code file} (e.g. a ViT-S/14 for benchmarks). */
    public static void write(Params params, long seed, Path file) {
        DemoFiles.writeModel(build(params, seed), file);
    }

    /**
     * The same embedder (same seed, same weights) with an image-classification head on the pooled CLS token, as
     * Hugging Face's {@code ViTForImageClassification}: a third output {@code logits [batch, labels]}. For runtimes
     * that only run classifiers (Spark NLP's {@code ViTForImageClassification}) against the same backbone.
     */
    public static void writeWithClassifier(Params params, int labels, long seed, Path file) {
        Preconditions.checkArgument(labels > 0, "Invalid classifier labels: %s", labels);
        DemoFiles.writeModel(build(params, seed, labels), file);
    }

    static ModelProto build(Params p, long seed) {
        return build(p, seed, 0);
    }

    private static ModelProto build(Params p, long seed, int labels) {
        GraphBuilder g = new GraphBuilder("dinov2_embedder", seed);
        int d = p.width();
        String pixels = g.input("pixel_values", FLOAT, "batch", 3, p.imageSize(), p.imageSize());
        String last = vitTower(g, p, pixels);
        String pooled = g.squeeze(g.slice(last, 1, 0, 1), 1);

        g.output(last, "last_hidden_state", FLOAT, "batch", 1 + p.patches(), d);
        g.output(pooled, "pooler_output", FLOAT, "batch", d);
        if (labels == 0) {
            return g.build("DINOv2-contract embedder, random weights: " + p);
        }
        // drawn after the tower, so the tower's weights are the plain embedder's
        g.output(new Layers(g).linear("classifier", pooled, d, labels), "logits", FLOAT, "batch", labels);
        return g.build("DINOv2-contract embedder with a " + labels + "-label classifier head, random weights: " + p);
    }

    /**
     * The ViT tower the demo image encoders share: patch embedding (a conv with kernel = stride = patch), a CLS
     * token and learned position embeddings, pre-LN blocks, a final LayerNorm: {@code pixels [B, 3, S, S]} ->
     * {@code [B, 1 + patches, width]}, CLS first.
     */
    static String vitTower(GraphBuilder g, Params p, String pixels) {
        Layers layers = new Layers(g);
        int d = p.width();
        // Patch embedding: [B, 3, S, S] -> [B, D, S/p, S/p] -> [B, P, D]
        int fanIn = 3 * p.patchSize() * p.patchSize();
        String patches = g.conv(pixels,
                g.normal("embeddings.patch.weight", 1.0 / Math.sqrt(fanIn), d, 3, p.patchSize(), p.patchSize()),
                g.normal("embeddings.patch.bias", 0.02, d), p.patchSize(), p.patchSize(), 0);
        patches = g.transpose(g.reshape(patches, 0, 0, -1), 0, 2, 1);

        // CLS token broadcast over the batch: [1, 1, D] -> [B, 1, D]
        String batch = g.shape(pixels, 0, 1);
        String cls = g.expand(g.normal("embeddings.cls_token", 0.02, 1, 1, d), g.concat(0, batch, g.longs(1, d)));
        String x = g.add(g.concat(1, cls, patches),
                g.normal("embeddings.position", 0.02, 1, 1 + p.patches(), d));

        for (int i = 0; i < p.depth(); i++) {
            x = layers.encoderBlock("layer." + i, x, d, p.heads(), p.mlpRatio(), null);
        }
        return layers.layerNorm("layernorm", x, d);
    }
}
