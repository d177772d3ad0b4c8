package io.unosynth.core.error;

/**
 * A value that is valid alone but conflicts with other state or configuration
 * (an {@link IllegalArgumentException} is for values that are never valid).
 */
public class ValidationException extends PipelineException {
    private static final long serialVersionUID = 1L;

    public ValidationException(PipelineErrorCode code, String message) {
        super(code, message);
    }

    public static void check(boolean test, PipelineErrorCode code, String format, Object... args) {
        if (!test) {
            throw new ValidationException(code, String.format(format, args));
        }
    }
}
