package io.unosynth.core.error;

/** Argument and state checks with formatted messages, as in Guava, without Guava. */
public final class Preconditions {
    private Preconditions() {}

    public static void checkArgument(boolean test, String format, Object... args) {
        if (!test) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }

    public static void checkState(boolean test, String format, Object... args) {
        if (!test) {
            throw new IllegalStateException(String.format(format, args));
        }
    }
}
