package io.unosynth.runtime.spi;

/** An inference engine that turns a model on local disk into a {@link ModelSession}. */
public interface ModelBackend {
    /** The name config uses to choose this backend ({@code onnx}, {@code djl}). */
    String name();

    /**
     * Loads the model. Failures are {@code PipelineException}s naming the model and the file: {@code
     * MODEL_UNAVAILABLE} for unreadable, corrupt or incomplete models and for engines that cannot start,
     * {@code INVALID_CONFIG} for options this build cannot honour (a GPU on a CPU-only build).
     */
    ModelSession load(ModelLoadRequest request);
}
