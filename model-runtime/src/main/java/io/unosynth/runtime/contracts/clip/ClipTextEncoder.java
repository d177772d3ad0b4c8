package io.unosynth.runtime.contracts.clip;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;
import io.unosynth.runtime.contracts.ContractSignature;
import io.unosynth.runtime.contracts.ContractSignature.Kind;
import io.unosynth.runtime.contracts.text.PooledEmbeddings;
import io.unosynth.runtime.contracts.text.TextEncoderSession;
import io.unosynth.runtime.spi.TensorSpec;
import java.util.List;

/**
 * The CLIP text encoder contract: {@code input_ids [B, 77]} int64 -> {@code pooled_embeddings [B, width]} (the
 * state at the end-of-text token, projected in CLIPTextModelWithProjection exports), the vector FLUX and CLIP-T use.
 * {@code text_embeddings [B, 77, width]} exists in the export but is not read.
 */
public final class ClipTextEncoder implements AutoCloseable {
    public static final int LENGTH = 77;
    public static final String POOLED_EMBEDDINGS = "pooled_embeddings";
    public static final String TEXT_EMBEDDINGS = "text_embeddings";
    /** input_ids (B, 77) -> (text_embeddings, pooled_embeddings). */
    public static final ContractSignature SIGNATURE = ContractSignature.builder()
            .input(TextEncoderSession.INPUT_IDS, Kind.INT64, TensorSpec.DYNAMIC, LENGTH)
            .output(TEXT_EMBEDDINGS, Kind.ACTIVATION, TensorSpec.DYNAMIC, LENGTH, TensorSpec.DYNAMIC)
            .output(POOLED_EMBEDDINGS, Kind.ACTIVATION, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .build();

    private final TextEncoderSession encoder;

    public ClipTextEncoder(TextEncoderSession encoder) {
        this.encoder = requireNonNull(encoder, "encoder is null");
        encoder.session().requireOutput(POOLED_EMBEDDINGS);
    }

    /** {@code [texts.size(), width]}. */
    public PooledEmbeddings encode(List<String> texts) {
        Preconditions.checkArgument(!texts.isEmpty(), "Invalid texts: empty");
        TextEncoderSession.Result result = encoder.run(texts, POOLED_EMBEDDINGS);
        Preconditions.checkState(result.rowShape().length == 1, "Invalid output '%s' of model '%s': %s per text, "
                + "expected [width]", POOLED_EMBEDDINGS, encoder.session().modelName(),
                java.util.Arrays.toString(result.rowShape()));
        return new PooledEmbeddings(texts.size(), (int) result.rowShape()[0], result.values());
    }

    public int length() {
        return encoder.length();
    }

    @Override
    public void close() {
        encoder.close();
    }
}
