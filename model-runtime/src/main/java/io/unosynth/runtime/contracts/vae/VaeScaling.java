package io.unosynth.runtime.contracts.vae;

/**
 * The FLUX VAE's latent scale and shift (REFERENCE.md section 2): the transformer works on
 * {@code 0.3611 * (z - 0.1159)} of the VAE's latent z. Pure.
 */
public final class VaeScaling {
    public static final float SCALE = 0.3611f;
    public static final float SHIFT = 0.1159f;

    private VaeScaling() {}

    /** Decoder input: {@code z / 0.3611 + 0.1159}. */
    public static float[] toVae(float[] latents) {
        float[] out = new float[latents.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = latents[i] / SCALE + SHIFT;
        }
        return out;
    }

    /** Encoder output: {@code 0.3611 * (z - 0.1159)}. */
    public static float[] fromVae(float[] latents) {
        float[] out = new float[latents.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = SCALE * (latents[i] - SHIFT);
        }
        return out;
    }
}
