package io.unosynth.core.error;

/** Every failure unosynth reports carries one of these codes. */
public enum PipelineErrorCode {
    INVALID_CONFIG(ErrorCategory.USER_ERROR),
    INVALID_INPUT(ErrorCategory.USER_ERROR),
    UNKNOWN_CATEGORY(ErrorCategory.USER_ERROR),
    MODEL_UNAVAILABLE(ErrorCategory.USER_ERROR),
    STORAGE_FAILURE(ErrorCategory.EXTERNAL_ERROR),
    ENDPOINT_FAILURE(ErrorCategory.EXTERNAL_ERROR),
    GPU_OUT_OF_MEMORY(ErrorCategory.INSUFFICIENT_RESOURCES),
    SHARD_CORRUPT(ErrorCategory.INTERNAL_ERROR),
    INTERNAL(ErrorCategory.INTERNAL_ERROR);

    private final ErrorCategory category;

    PipelineErrorCode(ErrorCategory category) {
        this.category = category;
    }

    public ErrorCategory category() {
        return category;
    }
}
