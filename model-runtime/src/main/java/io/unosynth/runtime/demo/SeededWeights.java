package io.unosynth.runtime.demo;

import java.util.Random;

/**
 * Random weights from a seed. {@link Random} is used on purpose: its sequence (including {@code nextGaussian}) is
 * specified by the JDK, so a seed gives the same weights on every JVM and version.
 */
final class SeededWeights {
    private final Random random;

    SeededWeights(long seed) {
        this.random = new Random(seed);
    }

    /** {@code count} values drawn from N(0, std^2). */
    float[] normal(int count, double std) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }
}
