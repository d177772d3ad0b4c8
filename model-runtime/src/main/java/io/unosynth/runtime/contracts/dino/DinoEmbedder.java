package io.unosynth.runtime.contracts.dino;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.embedding.Cosine;
import io.unosynth.core.error.Preconditions;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.ContractSession;
import io.unosynth.runtime.contracts.ContractSignature;
import io.unosynth.runtime.contracts.ContractSignature.Kind;
import io.unosynth.runtime.spi.DataType;
import io.unosynth.runtime.spi.Tensor;
import io.unosynth.runtime.spi.TensorSpec;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * The DINOv2 image embedder contract: {@code pixel_values [B, 3, 224, 224]} -> {@code pooler_output [B, width]}
 * (or, for exports without it, the CLS row of {@code last_hidden_state [B, 1 + patches, width]}), L2-normalised.
 * Thread-safe: the session is, and the embedder holds no state.
 */
public final class DinoEmbedder {
    public static final String PIXEL_VALUES = "pixel_values";
    public static final String POOLER_OUTPUT = "pooler_output";
    public static final String LAST_HIDDEN_STATE = "last_hidden_state";
    /** HF DINOv2's order: pixel_values -> (last_hidden_state, pooler_output). */
    public static final ContractSignature SIGNATURE = ContractSignature.builder()
            .input(PIXEL_VALUES, Kind.ACTIVATION, TensorSpec.DYNAMIC, 3, DinoPreprocessor.CROP_SIZE,
                    DinoPreprocessor.CROP_SIZE)
            .output(LAST_HIDDEN_STATE, Kind.ACTIVATION, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .output(POOLER_OUTPUT, Kind.ACTIVATION, TensorSpec.DYNAMIC, TensorSpec.DYNAMIC)
            .build();

    private final ContractSession session;
    private final BatchSize batchSize;
    private final boolean pooled;

    public DinoEmbedder(ContractSession session, BatchSize batchSize) {
        this.session = requireNonNull(session, "session is null");
        this.batchSize = requireNonNull(batchSize, "batchSize is null");
        session.requireInput(PIXEL_VALUES, DataType.FLOAT32, DataType.FLOAT16, DataType.BFLOAT16);
        this.pooled = session.output(POOLER_OUTPUT).isPresent();
        if (!pooled) {
            session.requireOutput(LAST_HIDDEN_STATE);
        }
    }

    /** One unit vector per image, in order; images go to the model in batches of the configured size. */
    public float[][] embed(List<RgbImage> images) {
        float[][] out = new float[images.size()][];
        int done = 0;
        for (List<RgbImage> batch : batchSize.split(images)) {
            float[][] embeddings = embedBatch(batch);
            System.arraycopy(embeddings, 0, out, done, embeddings.length);
            done += embeddings.length;
        }
        return out;
    }

    public float[] embed(RgbImage image) {
        return embed(List.of(image))[0];
    }

    /**
     * One unit vector per image of already preprocessed pixels, in one model call: the path for callers that run
     * {@link DinoPreprocessor} on other threads (e.g. {@code OverlappedInference}).
     *
     * @param pixelValues {@code [images, 3, 224, 224]} as written by {@link DinoPreprocessor#toPixels}
     */
    public float[][] embedPixels(float[] pixelValues, int images) {
        return embedPixels(FloatBuffer.wrap(pixelValues), images);
    }

    /**
     * As {@link #embedPixels(float[], int)} from the remaining values of {@code pixelValues}, read in place by a
     * float32 model (a direct buffer reused call after call costs no copy and no allocation); converted for a
     * float16 or bfloat16 one.
     */
    public float[][] embedPixels(FloatBuffer pixelValues, int images) {
        Preconditions.checkArgument(images > 0 && pixelValues.remaining() == images * DinoPreprocessor.IMAGE_VALUES,
                "Invalid pixel values: %s floats for %s images, expected %s", pixelValues.remaining(), images,
                images * DinoPreprocessor.IMAGE_VALUES);
        long[] shape = {images, 3, DinoPreprocessor.CROP_SIZE, DinoPreprocessor.CROP_SIZE};
        Tensor pixels;
        if (session.floatInputType(PIXEL_VALUES) == DataType.FLOAT32) {
            pixels = Tensor.wrapping(pixelValues, shape);
        } else {
            float[] values = new float[pixelValues.remaining()];
            pixelValues.duplicate().get(values);
            pixels = session.floats(PIXEL_VALUES, values, shape);
        }
        String output = pooled ? POOLER_OUTPUT : LAST_HIDDEN_STATE;
        Tensor result = session.run(Map.of(PIXEL_VALUES, pixels), List.of(output)).get(output);
        Preconditions.checkState(result.dimension(0) == images, "Invalid output '%s' of model '%s': batch %s, "
                + "expected %s", output, session.modelName(), result.dimension(0), images);
        return pooled ? DinoPostprocessor.fromPooled(result) : DinoPostprocessor.fromClsToken(result);
    }

    private float[][] embedBatch(List<RgbImage> batch) {
        return embedPixels(DinoPreprocessor.toPixels(batch), batch.size());
    }

    /** The cosine similarity of two vectors of equal length (1 for unit vectors pointing the same way). */
    public static double cosine(float[] a, float[] b) {
        return Cosine.of(a, b);
    }
}
