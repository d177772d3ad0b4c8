package io.unosynth.runtime.contracts.clip;

import io.unosynth.runtime.spi.TensorSpec;
import io.unosynth.runtime.contracts.ContractSignature.Kind;
import io.unosynth.runtime.contracts.ContractSignature;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ContractSession;
import io.unosynth.runtime.contracts.dino.DinoPostprocessor;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The CLIP image embedder contract of CLIP-I and CLIP-T (a {@code CLIPVisionModelWithProjection} export of
 * ViT-B/32): {@code pixel_values [B, 3, 224, 224]} -> {@code image_embeds [B, 512]} (the projected CLS feature),
 * L2-normalised. Thread-safe.
 */
public final class ClipImageEmbedder {
    public static final String PIXEL_VALUES = "pixel_values";
    public static final String IMAGE_EMBEDS = "image_embeds";
    /** What a CLIP vision export with projection takes and gives, in positional order. */
    public static final ContractSignature SIGNATURE = ContractSignature.builder()
            .input(PIXEL_VALUES, Kind.ACTIVATION, TensorSpec.DYNAMIC, 3, ClipImagePreprocessor.CROP_SIZE,
                    ClipImagePreprocessor.CROP_SIZE)
            .output(IMAGE_EMBEDS, Kind.ACTIVATION, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .build();

    private final ContractSession session;
    private final BatchSize batchSize;

    public ClipImageEmbedder(ContractSession session, BatchSize batchSize) {
        this.session = requireNonNull(session, "session is null");
        this.batchSize = requireNonNull(batchSize, "batchSize is null");
        session.requireInput(PIXEL_VALUES, DataType.FLOAT32, DataType.FLOAT16, DataType.BFLOAT16);
        session.requireOutput(IMAGE_EMBEDS);
    }

    /** One unit vector per image, in order, in batches of the configured size. */
    public float[][] embed(List<RgbImage> images) {
        float[][] out = new float[images.size()][];
        int done = 0;
        for (List<RgbImage> batch : batchSize.split(images)) {
            Tensor pixels = session.floats(PIXEL_VALUES, ClipImagePreprocessor.toPixels(batch), batch.size(), 3,
                    ClipImagePreprocessor.CROP_SIZE, ClipImagePreprocessor.CROP_SIZE);
            Tensor embeds = session.run(Map.of(PIXEL_VALUES, pixels), List.of(IMAGE_EMBEDS)).get(IMAGE_EMBEDS);
            session.checkShape(IMAGE_EMBEDS, embeds, batch.size(), embeds.rank() == 2 ? embeds.dimension(1) : -1);
            float[][] embeddings = DinoPostprocessor.fromPooled(embeds);
            System.arraycopy(embeddings, 0, out, done, embeddings.length);
            done += embeddings.length;
        }
        return out;
    }
}
