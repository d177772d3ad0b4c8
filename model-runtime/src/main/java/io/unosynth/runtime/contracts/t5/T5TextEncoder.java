package io.unosynth.runtime.contracts.t5;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;
import io.unosynth.runtime.contracts.ContractSignature;
import io.unosynth.runtime.contracts.ContractSignature.Kind;
import io.unosynth.runtime.contracts.text.TextEncoderSession;
import io.unosynth.runtime.contracts.text.TokenEmbeddings;
import io.unosynth.runtime.spi.TensorSpec;
import java.util.List;

/**
 * The T5 encoder contract: {@code input_ids [B, 512]} int64 -> {@code text_embeddings [B, 512, width]} (FLUX.1-dev
 * takes 512 tokens of width 4096; the token length follows the model when its input declares one).
 */
public final class T5TextEncoder implements AutoCloseable {
    public static final int LENGTH = 512;
    public static final String TEXT_EMBEDDINGS = "text_embeddings";
    /** input_ids (B, L) -> text_embeddings (B, L, D); L dynamic, 512 by default. */
    public static final ContractSignature SIGNATURE = ContractSignature.builder()
            .input(TextEncoderSession.INPUT_IDS, Kind.INT64, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .output(TEXT_EMBEDDINGS, Kind.ACTIVATION, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .build();

    private final TextEncoderSession encoder;

    public T5TextEncoder(TextEncoderSession encoder) {
        this.encoder = requireNonNull(encoder, "encoder is null");
        encoder.session().requireOutput(TEXT_EMBEDDINGS);
    }

    /** {@code [texts.size(), length, width]}. */
    public TokenEmbeddings encode(List<String> texts) {
        Preconditions.checkArgument(!texts.isEmpty(), "Invalid texts: empty");
        TextEncoderSession.Result result = encoder.run(texts, TEXT_EMBEDDINGS);
        long[] row = result.rowShape();
        Preconditions.checkState(row.length == 2 && row[0] == encoder.length(), "Invalid output '%s' of model '%s': "
                + "%s per text, expected [%s, width]", TEXT_EMBEDDINGS, encoder.session().modelName(),
                java.util.Arrays.toString(row), encoder.length());
        return new TokenEmbeddings(texts.size(), (int) row[0], (int) row[1], result.values());
    }

    public int length() {
        return encoder.length();
    }

    @Override
    public void close() {
        encoder.close();
    }
}
