package io.unosynth.runtime.spi;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;

/**
 * Where a model runs: the CPU, or a CUDA device by its ordinal as this process sees it (after
 * {@code CUDA_VISIBLE_DEVICES} remapping, so ordinal 0 is the first visible GPU).
 */
public record Device(Kind kind, int ordinal) {
    private static final Device CPU = new Device(Kind.CPU, 0);

    public Device {
        requireNonNull(kind, "kind is null");
        Preconditions.checkArgument(kind != Kind.CPU || ordinal == 0, "Invalid CPU device ordinal: %s", ordinal);
        Preconditions.checkArgument(ordinal >= 0, "Invalid CUDA device ordinal: %s", ordinal);
    }

    public static Device cpu() {
        return CPU;
    }

    public static Device cuda(int ordinal) {
        return new Device(Kind.CUDA, ordinal);
    }

    public boolean isGpu() {
        return kind == Kind.CUDA;
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + ordinal;
    }

    public enum Kind {
        CPU,
        CUDA
    }
}
