package io.unosynth.runtime.contracts.owl;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ContractSession;
import io.unosynth.runtime.contracts.ContractSignature;
import io.unosynth.runtime.contracts.ContractSignature.Kind;
import io.unosynth.runtime.contracts.text.TextTokenizer;
import io.unosynth.runtime.contracts.text.TokenIds;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.spi.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OWLv2 open-vocabulary detector contract (Hugging Face {@code Owlv2ForObjectDetection} export):
 * <pre>
 *   pixel_values [B, 3, 960, 960], input_ids [B * Q, 16] int64, attention_mask [B * Q, 16] int64
 *     ->  logits [B, P, Q], pred_boxes [B, P, 4]
 * </pre>
 * Every image of a call is asked the same Q text queries (rows {@code b*Q .. b*Q+Q-1} belong to image b).
 * Owns its tokenizer (CLIP BPE, 16 tokens); the session belongs to its lease.
 */
public final class OwlDetector implements AutoCloseable {
    public static final int QUERY_LENGTH = 16;
    public static final String PIXEL_VALUES = "pixel_values";
    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String LOGITS = "logits";
    public static final String PRED_BOXES = "pred_boxes";
    /** pixel_values, input_ids, attention_mask -> (logits, pred_boxes). */
    public static final ContractSignature SIGNATURE = ContractSignature.builder()
            .input(PIXEL_VALUES, Kind.ACTIVATION, TensorSpec.DYNAMIC, 3, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .input(INPUT_IDS, Kind.INT64, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .input(ATTENTION_MASK, Kind.INT64, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .output(LOGITS, Kind.ACTIVATION, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .output(PRED_BOXES, Kind.ACTIVATION, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC, 4)
            .build();

    private final ContractSession session;
    private final TextTokenizer tokenizer;
    private final BatchSize batchSize;
    private final int imageSize;

    private OwlDetector(ContractSession session, TextTokenizer tokenizer, BatchSize batchSize, int imageSize) {
        this.session = session;
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
        this.imageSize = imageSize;
    }

    /** Checks the export's inputs and outputs and loads the tokenizer from {@code tokenizerFile}. */
    public static OwlDetector open(ContractSession session, Path tokenizerFile, BatchSize batchSize) {
        requireNonNull(session, "session is null");
        requireNonNull(batchSize, "batchSize is null");
        TensorSpec pixels = session.requireInput(PIXEL_VALUES, DataType.FLOAT32, DataType.FLOAT16, DataType.BFLOAT16);
        TensorSpec ids = session.requireInput(INPUT_IDS, DataType.INT64);
        session.requireInput(ATTENTION_MASK, DataType.INT64);
        session.requireOutput(LOGITS);
        session.requireOutput(PRED_BOXES);
        long side = pixels.rank() == 4 ? pixels.shape().get(3) : TensorSpec.DYNAMIC;
        long length = ids.rank() == 2 ? ids.shape().get(1) : TensorSpec.DYNAMIC;
        return new OwlDetector(session, TextTokenizer.open(session.modelName(), tokenizerFile,
                length == TensorSpec.DYNAMIC ? QUERY_LENGTH : (int) length), batchSize,
                side == TensorSpec.DYNAMIC ? OwlPreprocessor.IMAGE_SIZE : (int) side);
    }

    /**
     * Detects {@code queries} in every image.
     *
     * @param threshold keep boxes whose best query scores above this (sigmoid of the logit, OWLv2's usual 0.1)
     * @return per image, its detections in original pixel coordinates, highest score first
     */
    public List<List<Detection>> detect(List<RgbImage> images, List<String> queries, float threshold) {
        Preconditions.checkArgument(!queries.isEmpty(), "Invalid detector queries: empty");
        Preconditions.checkArgument(threshold >= 0 && threshold < 1, "Invalid detection threshold: %s", threshold);
        TokenIds ids = tokenizer.encode(queries);
        List<List<Detection>> out = new ArrayList<>(images.size());
        for (List<RgbImage> batch : batchSize.split(images)) {
            out.addAll(detectBatch(batch, ids, queries, threshold));
        }
        return out;
    }

    private List<List<Detection>> detectBatch(List<RgbImage> batch, TokenIds ids, List<String> queries,
            float threshold) {
        int b = batch.size();
        int q = queries.size();
        int imageValues = 3 * imageSize * imageSize;
        float[] pixels = new float[b * imageValues];
        for (int i = 0; i < b; i++) {
            OwlPreprocessor.toPixels(batch.get(i), imageSize, pixels, i * imageValues);
        }
        long[] repeatedIds = new long[b * ids.ids().length];
        long[] repeatedMask = new long[repeatedIds.length];
        for (int i = 0; i < b; i++) {
            System.arraycopy(ids.ids(), 0, repeatedIds, i * ids.ids().length, ids.ids().length);
            System.arraycopy(ids.attentionMask(), 0, repeatedMask, i * ids.ids().length, ids.ids().length);
        }
        Map<String, Tensor> outputs = session.run(Map.of(
                PIXEL_VALUES, session.floats(PIXEL_VALUES, pixels, b, 3, imageSize, imageSize),
                INPUT_IDS, Tensor.ofLongs(repeatedIds, (long) b * q, ids.length()),
                ATTENTION_MASK, Tensor.ofLongs(repeatedMask, (long) b * q, ids.length())),
                List.of(LOGITS, PRED_BOXES));
        Tensor logits = outputs.get(LOGITS);
        Tensor boxes = outputs.get(PRED_BOXES);
        long patches = logits.rank() == 3 ? logits.dimension(1) : -1;
        session.checkShape(LOGITS, logits, b, patches, q);
        session.checkShape(PRED_BOXES, boxes, b, patches, 4);
        float[] logitValues = logits.toFloatArray();
        float[] boxValues = boxes.toFloatArray();
        int perImageLogits = (int) patches * q;
        int perImageBoxes = (int) patches * 4;
        List<List<Detection>> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            RgbImage image = batch.get(i);
            out.add(OwlPostprocessor.detections(
                    java.util.Arrays.copyOfRange(logitValues, i * perImageLogits, (i + 1) * perImageLogits),
                    java.util.Arrays.copyOfRange(boxValues, i * perImageBoxes, (i + 1) * perImageBoxes),
                    queries, image.width(), image.height(), threshold));
        }
        return out;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
