package io.unosynth.runtime.contracts.dino;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.image.RgbImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Embeds batches of {@link DinoPreprocessor#crop crops}, normalised into one direct {@code pixel_values} buffer per
 * calling thread, reused call after call, which the model reads in place: no batch-sized array is allocated or copied
 * per call. For the inference threads of a pipeline (a few long-lived threads); thread-safe.
 */
public final class DinoCropBatches {
    private final DinoEmbedder embedder;
    private final ThreadLocal<FloatBuffer> buffers = ThreadLocal.withInitial(() -> FloatBuffer.allocate(0));

    public DinoCropBatches(DinoEmbedder embedder) {
        this.embedder = requireNonNull(embedder, "embedder is null");
    }

    /** One unit vector per crop, in order, in one model call. */
    public float[][] embed(List<RgbImage> crops) {
        FloatBuffer pixels = buffer(crops.size());
        for (int i = 0; i < crops.size(); i++) {
            DinoPreprocessor.normalize(crops.get(i), pixels, i * DinoPreprocessor.IMAGE_VALUES);
        }
        return embedder.embedPixels(pixels, crops.size());
    }

    private FloatBuffer buffer(int images) {
        int values = images * DinoPreprocessor.IMAGE_VALUES;
        FloatBuffer buffer = buffers.get();
        if (buffer.capacity() < values) {
            buffer = ByteBuffer.allocateDirect(values * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            buffers.set(buffer);
        }
        buffer.clear().limit(values);
        return buffer;
    }
}
