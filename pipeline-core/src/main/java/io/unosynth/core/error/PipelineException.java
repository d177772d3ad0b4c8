package io.unosynth.core.error;

import static java.util.Objects.requireNonNull;

/** A categorized failure. Messages follow "Cannot X: reason" or "Invalid X: value". */
public class PipelineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final PipelineErrorCode code;

    public PipelineException(PipelineErrorCode code, String message) {
        super(message);
        this.code = requireNonNull(code, "code is null");
    }

    public PipelineException(PipelineErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = requireNonNull(code, "code is null");
    }

    public PipelineErrorCode code() {
        return code;
    }
}
