package io.unosynth.runtime.spi;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.ModelSpec;
import io.unosynth.core.error.Preconditions;

/**
 * Engine settings that change what a loaded session is; part of the registry key, so two differing option sets
 * never share a session.
 *
 * @param intraOpThreads threads inside one operator; 0 lets the engine choose
 * @param interOpThreads threads across independent operators; 0 lets the engine choose
 * @param intraOpSpinning whether idle intra-op threads spin waiting for work (ONNX Runtime only)
 * @param gpuProvider the ONNX Runtime execution provider used on a CUDA device (ignored on CPU and by other engines)
 * @param precision the floating-point type the model is expected to take; {@code AUTO} accepts what it declares
 * @param seed the engine's random seed, for models with random operators
 */
public record SessionOptions(
        int intraOpThreads,
        int interOpThreads,
        boolean intraOpSpinning,
        ModelSpec.GpuProvider gpuProvider,
        ModelSpec.Precision precision,
        long seed) {

    public SessionOptions {
        requireNonNull(gpuProvider, "gpuProvider is null");
        requireNonNull(precision, "precision is null");
        Preconditions.checkArgument(intraOpThreads >= 0, "Invalid intraOpThreads: %s", intraOpThreads);
        Preconditions.checkArgument(interOpThreads >= 0, "Invalid interOpThreads: %s", interOpThreads);
    }

    public static SessionOptions defaults() {
        return new SessionOptions(0, 0, ModelSpec.INTRA_OP_SPINNING_DEFAULT, ModelSpec.GpuProvider.CUDA, ModelSpec.Precision.AUTO, 0L);
    }

    public static SessionOptions of(ModelSpec spec, long seed) {
        return new SessionOptions(spec.intraOpThreads(), spec.interOpThreads(), spec.intraOpSpinning(),
                spec.gpuProvider(), spec.precision(),
                seed);
    }
}
