package io.unosynth.runtime.demo;

import static ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT;
import static ai.onnx.proto.OnnxMl.TensorProto.DataType.INT64;
import static java.util.Objects.requireNonNull;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.unosynth.core.error.Preconditions;

/**
 * An OWLv2-contract open-vocabulary detector with random weights, laid out like Hugging Face's
 * {@code Owlv2ForObjectDetection} export:
 * <pre>
 *   pixel_values [B, 3, 960, 960], input_ids [B * Q, 16] int64, attention_mask [B * Q, 16] int64
 *     ->  logits [B, P, Q], pred_boxes [B, P, 4] (cx, cy, w, h in [0, 1])
 * </pre>
 * The query rows of image b are rows {@code b*Q .. b*Q+Q-1} (with one image: Q rows). Image side: patch conv,
 * position embeddings, a per-token MLP block (no self-attention over the 3600 patches, to stay tiny), LayerNorm;
 * per patch a class embedding, a logit shift and scale, and a box = sigmoid(MLP(token) + box bias) where the bias
 * puts each patch's box at its own grid cell. Text side: the CLIP text tower with the padding mask, pooled at the
 * end token, projected. logits = (cos-similarity + shift) * scale; queries whose first id is 0 (all padding) get
 * -1e6, as OWL's query mask does.
 */
final class OwlDetector {
    private static final float MASKED_LOGIT = -1e6f;

    private OwlDetector() {}

    record Params(int imageSize, int patchSize, int width, TextParams text) {
        Params {
            requireNonNull(text, "text is null");
            Preconditions.checkArgument(patchSize > 0 && imageSize % patchSize == 0,
                    "Invalid detector image size: %d is not a multiple of patch size %d", imageSize, patchSize);
            Preconditions.checkArgument(width > 0, "Invalid detector width: %d", width);
        }

        int gridSide() {
            return imageSize / patchSize;
        }
    }

    static ModelProto build(Params p, long seed) {
        GraphBuilder g = new GraphBuilder("owlv2_detector", seed);
        Layers layers = new Layers(g);
        int d = p.width();
        int patches = p.gridSide() * p.gridSide();
        String pixels = g.input("pixel_values", FLOAT, "batch", 3, p.imageSize(), p.imageSize());
        String ids = g.input("input_ids", INT64, "query_rows", p.text().contextLength());
        String attentionMask = g.input("attention_mask", INT64, "query_rows", p.text().contextLength());

        // Image tokens [B, P, D]
        int fanIn = 3 * p.patchSize() * p.patchSize();
        String tokens = g.conv(pixels,
                g.normal("vision.patch_embedding.weight", 1.0 / Math.sqrt(fanIn), d, 3, p.patchSize(), p.patchSize()),
                g.normal("vision.patch_embedding.bias", 0.02, d), p.patchSize(), p.patchSize(), 0);
        tokens = g.transpose(g.reshape(tokens, 0, 0, -1), 0, 2, 1);
        tokens = g.add(tokens, g.normal("vision.position_embedding", 0.02, patches, d));
        tokens = g.add(tokens, layers.mlp("vision.mlp", layers.layerNorm("vision.norm1", tokens, d), d, 2 * d));
        tokens = layers.layerNorm("vision.post_layernorm", tokens, d);

        String classEmbeddings = l2Normalize(g, layers.linear("class_head.dense0", tokens, d, d), d);
        String shift = layers.linear("class_head.logit_shift", tokens, d, 1);
        String scale = g.add(g.elu(layers.linear("class_head.logit_scale", tokens, d, 1)), g.scalar(1f));

        // Query embeddings [B * Q, D] -> [B, Q, D]
        String text = ClipTextEncoder.encode(g, "text_model", ids, attentionMask, p.text());
        String pooled = layers.poolAtEndToken(text, ids, p.text().contextLength());
        String queries = l2Normalize(g, layers.linear("text_projection", pooled, p.text().width(), d), d);
        String batch = g.shape(pixels, 0, 1);
        queries = g.reshapeTo(queries, g.concat(0, batch, g.longs(-1, d)));

        String similarity = g.matMul(classEmbeddings, g.transpose(queries, 0, 2, 1));
        String logits = g.mul(g.add(similarity, shift), scale);
        String firstIds = g.reshapeTo(g.slice(ids, 1, 0, 1), g.concat(0, batch, g.longs(1, -1)));
        logits = g.where(g.greater(firstIds, g.longs(0)), logits, g.scalar(MASKED_LOGIT));

        String boxHidden = layers.gelu(layers.linear("box_head.dense0", tokens, d, d));
        String boxes = g.sigmoid(g.add(layers.linear("box_head.dense1", boxHidden, d, 4),
                g.constant(boxBias(p.gridSide()), patches, 4)));

        g.output(logits, "logits", FLOAT, "batch", patches, "queries");
        g.output(boxes, "pred_boxes", FLOAT, "batch", patches, 4);
        return g.build("OWLv2-contract detector, random weights: " + p);
    }

    /** {@code x / |x|} over the last axis of width {@code width}. */
    private static String l2Normalize(GraphBuilder g, String x, int width) {
        String norm = g.sqrt(g.add(g.mul(g.reduceMean(g.mul(x, x), -1), g.scalar(width)), g.scalar(1e-6f)));
        return g.div(x, norm);
    }

    /**
     * {@code [patches, 4]}: inverse sigmoid of each patch's own cell box (centre of the cell, one cell wide),
     * patches in row-major order, so an untrained head already proposes one box per grid cell.
     */
    private static float[] boxBias(int side) {
        float[] bias = new float[side * side * 4];
        double size = 1.0 / side;
        for (int row = 0; row < side; row++) {
            for (int column = 0; column < side; column++) {
                int offset = (row * side + column) * 4;
                bias[offset] = logit((column + 0.5) * size);
                bias[offset + 1] = logit((row + 0.5) * size);
                bias[offset + 2] = logit(size);
                bias[offset + 3] = logit(size);
            }
        }
        return bias;
    }

    private static float logit(double p) {
        return (float) Math.log(p / (1 - p));
    }
}
