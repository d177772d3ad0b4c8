package io.unosynth.core.error;

/** Who has to act on an error; the CLI maps each category to its own exit code. */
public enum ErrorCategory {
    /** The input or configuration is wrong; the user fixes it. */
    USER_ERROR(2),
    /** Storage, network or an external service failed; a rerun may succeed. */
    EXTERNAL_ERROR(3),
    /** Memory, GPU or another resource ran out. */
    INSUFFICIENT_RESOURCES(4),
    /** A bug or broken invariant in unosynth. */
    INTERNAL_ERROR(70);

    private final int exitCode;

    ErrorCategory(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
