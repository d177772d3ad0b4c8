package io.unosynth.bench;

import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.pipeline.DinoEmbedding;
import io.unosynth.runtime.pipeline.EncodedImage;
import io.unosynth.runtime.pipeline.OverlappedInference;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The overlapped path on {@link ModelState}'s embedder: its own thread counts, one pipeline per trial. */
@State(Scope.Benchmark)
public class PipelineState {
    /** 1 by default: on 2 cores a second preprocessing thread only competes with the model (see README.md). */
    @Param({"1"})
    public int preprocessThreads;

    /** Batches in flight: one in the model, the rest being prepared or ready. */
    @Param({"3"})
    public int queuedBatches;

    OverlappedInference<EncodedImage, RgbImage, float[]> pipeline;

    @Setup(Level.Trial)
    public void start(ModelState model) {
        pipeline = DinoEmbedding.overlapped(model.embedder,
                new OverlappedInference.Settings(preprocessThreads, model.batch, queuedBatches));
    }

    @TearDown(Level.Trial)
    public void stop() {
        pipeline.close();
    }
}
