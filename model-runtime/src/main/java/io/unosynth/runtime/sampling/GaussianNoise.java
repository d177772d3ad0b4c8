package io.unosynth.runtime.sampling;

import java.util.SplittableRandom;

/**
 * Standard normal noise from a per-sample seed, identical on every JVM and platform: SplittableRandom's sequence is
 * specified, and Box-Muller uses StrictMath. A sample's noise depends only on its seed, never on the batch it is in.
 */
public final class GaussianNoise {
    private GaussianNoise() {}

    public static float[] sample(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] noise = new float[count];
        for (int i = 0; i < count; i += 2) {
            double u1 = 1.0 - random.nextDouble(); // (0, 1]: log is finite
            double u2 = random.nextDouble();
            double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
            double angle = 2.0 * StrictMath.PI * u2;
            noise[i] = (float) (radius * StrictMath.cos(angle));
            if (i + 1 < count) {
                noise[i + 1] = (float) (radius * StrictMath.sin(angle));
            }
        }
        return noise;
    }
}
