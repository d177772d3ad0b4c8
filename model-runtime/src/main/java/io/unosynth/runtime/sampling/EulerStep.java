package io.unosynth.runtime.sampling;

import static io.unosynth.core.error.Preconditions.checkArgument;

/** One Euler step of the flow ODE, as FLUX's {@code denoise}: {@code x += (t_next - t_current) * v}. */
public final class EulerStep {
    private EulerStep() {}

    /** Updates {@code x} in place with the predicted velocity {@code v} (same layout as {@code x}). */
    public static void apply(float[] x, float[] v, double tCurrent, double tNext) {
        checkArgument(x.length == v.length, "Invalid velocity: %s values for a state of %s", v.length, x.length);
        float dt = (float) (tNext - tCurrent);
        for (int i = 0; i < x.length; i++) {
            x[i] += dt * v[i];
        }
    }
}
