package io.unosynth.runtime.contracts.text;

import static java.util.Objects.requireNonNull;

import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ContractSession;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.spi.TensorSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The part CLIP and T5 share: tokenize ({@code input_ids [B, length]} int64), run in batches, concatenate one
 * output along the batch axis. Owns the tokenizer; the session belongs to its lease.
 */
public final class TextEncoderSession implements AutoCloseable {
    public static final String INPUT_IDS = "input_ids";

    private final ContractSession session;
    private final TextTokenizer tokenizer;
    private final BatchSize batchSize;

    private TextEncoderSession(ContractSession session, TextTokenizer tokenizer, BatchSize batchSize) {
        this.session = session;
        this.tokenizer = tokenizer;
        this.batchSize = batchSize;
    }

    /**
     * @param defaultLength the token length when the model's {@code input_ids} has a dynamic second axis (77 for
     *     CLIP, 512 for T5 of FLUX.1-dev); a fixed axis wins
     */
    public static TextEncoderSession open(ContractSession session, Path tokenizerFile, int defaultLength,
            BatchSize batchSize) {
        requireNonNull(session, "session is null");
        requireNonNull(batchSize, "batchSize is null");
        TensorSpec ids = session.requireInput(INPUT_IDS, DataType.INT64);
        long declared = ids.rank() == 2 ? ids.shape().get(1) : TensorSpec.DYNAMIC;
        int length = declared == TensorSpec.DYNAMIC ? defaultLength : (int) declared;
        return new TextEncoderSession(session, TextTokenizer.open(session.modelName(), tokenizerFile, length),
                batchSize);
    }

    public ContractSession session() {
        return session;
    }

    public int length() {
        return tokenizer.length();
    }

    /**
     * Runs every text and returns {@code output} of all of them, batch axis first.
     *
     * @return the values, and the shape of one text's slice in {@code shape} (without the batch axis)
     */
    public Result run(List<String> texts, String output) {
        float[] values = null;
        long[] rowShape = null;
        int rowValues = 0;
        int done = 0;
        for (List<String> batch : batchSize.split(texts)) {
            TokenIds ids = tokenizer.encode(batch);
            Tensor result = session.run(Map.of(INPUT_IDS, Tensor.ofLongs(ids.ids(), ids.batch(), ids.length())),
                    List.of(output)).get(output);
            long[] shape = result.shape();
            long[] sliceShape = Arrays.copyOfRange(shape, 1, shape.length);
            if (values == null) {
                rowShape = sliceShape;
                rowValues = result.elementCount() / batch.size();
                values = new float[texts.size() * rowValues];
            }
            long[] expected = new long[shape.length];
            expected[0] = batch.size();
            System.arraycopy(rowShape, 0, expected, 1, rowShape.length);
            session.checkShape(output, result, expected);
            System.arraycopy(result.toFloatArray(), 0, values, done * rowValues, batch.size() * rowValues);
            done += batch.size();
        }
        return new Result(values == null ? new float[0] : values, rowShape == null ? new long[0] : rowShape);
    }

    /** Concatenated output values and the shape of one text's slice. */
    public record Result(float[] values, long[] rowShape) {}

    @Override
    public void close() {
        tokenizer.close();
    }
}
