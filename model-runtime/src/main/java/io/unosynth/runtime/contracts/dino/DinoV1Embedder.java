package io.unosynth.runtime.contracts.dino;

import io.unosynth.runtime.spi.TensorSpec;
import io.unosynth.runtime.contracts.ContractSignature.Kind;
import io.unosynth.runtime.contracts.ContractSignature;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ContractSession;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The DINO v1 ViT-S/16 embedder contract of the DreamBench DINO score: {@code pixel_values [B, 3, 224, 224]} ->
 * {@code last_hidden_state [B, 1 + 196, 384]}; the embedding is the CLS row, L2-normalised. The export's
 * {@code pooler_output}, if any, is never read: Hugging Face's ViTModel pooler is a tanh dense layer over CLS, not
 * the CLS feature DINO's evaluation uses. Thread-safe.
 */
public final class DinoV1Embedder {
    public static final String PIXEL_VALUES = "pixel_values";
    public static final String LAST_HIDDEN_STATE = "last_hidden_state";
    /** What a DINO v1 export takes and gives, in the public exports' positional order. */
    public static final ContractSignature SIGNATURE = ContractSignature.builder()
            .input(PIXEL_VALUES, Kind.ACTIVATION, TensorSpec.DYNAMIC, 3, DinoV1Preprocessor.CROP_SIZE,
                    DinoV1Preprocessor.CROP_SIZE)
            .output(LAST_HIDDEN_STATE, Kind.ACTIVATION, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .build();

    private final ContractSession session;
    private final BatchSize batchSize;

    public DinoV1Embedder(ContractSession session, BatchSize batchSize) {
        this.session = requireNonNull(session, "session is null");
        this.batchSize = requireNonNull(batchSize, "batchSize is null");
        session.requireInput(PIXEL_VALUES, DataType.FLOAT32, DataType.FLOAT16, DataType.BFLOAT16);
        session.requireOutput(LAST_HIDDEN_STATE);
    }

    /** One unit vector per image, in order, in batches of the configured size. */
    public float[][] embed(List<RgbImage> images) {
        float[][] out = new float[images.size()][];
        int done = 0;
        for (List<RgbImage> batch : batchSize.split(images)) {
            Tensor pixels = session.floats(PIXEL_VALUES, DinoV1Preprocessor.toPixels(batch), batch.size(), 3,
                    DinoV1Preprocessor.CROP_SIZE, DinoV1Preprocessor.CROP_SIZE);
            Tensor hidden = session.run(Map.of(PIXEL_VALUES, pixels), List.of(LAST_HIDDEN_STATE))
                    .get(LAST_HIDDEN_STATE);
            Preconditions.checkState(hidden.rank() == 3 && hidden.dimension(0) == batch.size(), "Invalid output '%s' "
                    + "of model '%s': shape %s, expected [%s, tokens, width]", LAST_HIDDEN_STATE, session.modelName(),
                    hidden.shapeText(), batch.size());
            float[][] embeddings = DinoPostprocessor.fromClsToken(hidden);
            System.arraycopy(embeddings, 0, out, done, embeddings.length);
            done += embeddings.length;
        }
        return out;
    }
}
