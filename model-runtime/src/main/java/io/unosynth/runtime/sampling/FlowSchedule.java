package io.unosynth.runtime.sampling;

import static io.unosynth.core.error.Preconditions.checkArgument;

/**
 * The rectified-flow timestep schedule of FLUX: {@code t = linspace(1, 0, steps + 1)}, shifted towards high noise
 * for larger images by {@code t' = e^mu / (e^mu + (1/t - 1)^sigma)} with {@code mu} linear in the image token count
 * from (256, 0.5) to (4096, 1.15).
 */
public final class FlowSchedule {
    public static final double BASE_SHIFT = 0.5;
    public static final double MAX_SHIFT = 1.15;
    static final int BASE_TOKENS = 256;
    static final int MAX_TOKENS = 4096;
    /** UNO's released inference divides the token count by this before computing mu (training does not). */
    static final int UNO_INFERENCE_TOKEN_DIVISOR = 64;

    /** Which token count the shift is computed from. */
    public enum Variant {
        /** FLUX's formula with the true image token count. */
        FLUX,
        /**
         * As UNO's released inference: a token count 64x too small and floored (integer division, as UNO's code);
         * mu ~0.459 at 512^2 instead of 0.63.
         */
        UNO_INFERENCE
    }

    private FlowSchedule() {}

    /** The linear map from image token count to mu. */
    public static double mu(double imageTokens) {
        double slope = (MAX_SHIFT - BASE_SHIFT) / (MAX_TOKENS - BASE_TOKENS);
        return slope * imageTokens + (BASE_SHIFT - slope * BASE_TOKENS);
    }

    /** FLUX's {@code time_shift(mu, sigma, t)}; t = 0 maps to 0 and t = 1 to 1. */
    public static double timeShift(double mu, double sigma, double t) {
        if (t <= 0) {
            return 0;
        }
        return Math.exp(mu) / (Math.exp(mu) + Math.pow(1 / t - 1, sigma));
    }

    /** {@code steps + 1} timesteps from 1 down to 0 for an image of {@code imageTokens} tokens. */
    public static double[] timesteps(int steps, int imageTokens, boolean shift, Variant variant) {
        checkArgument(steps > 0, "Invalid step count: %s", steps);
        checkArgument(imageTokens > 0, "Invalid image token count: %s", imageTokens);
        // UNO computes (width // 8) * (height // 8) // (16 * 16): an integer division, so the count is floored.
        int tokens = variant == Variant.UNO_INFERENCE ? imageTokens / UNO_INFERENCE_TOKEN_DIVISOR : imageTokens;
        double mu = mu(tokens);
        double[] t = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            double linear = 1.0 - (double) i / steps;
            t[i] = shift ? timeShift(mu, 1.0, linear) : linear;
        }
        return t;
    }
}
