package io.unosynth.runtime.sampling;

/**
 * Where a sample's initial noise comes from: the latent {@code [16, height, width]} (unpacked, as FLUX's
 * {@code get_noise}) for a request. The seeded source is the default; supplying noise lets the sampler be driven with
 * exactly the noise another implementation drew (for example {@code torch.randn}), to compare the two step by step.
 */
@FunctionalInterface
public interface NoiseSource {
    /** @return {@code channels * height * width} values, channel-major */
    float[] latentNoise(SampleRequest request, int channels, int height, int width);

    /** Standard normal noise from the request's seed ({@link GaussianNoise}): independent of the batch. */
    static NoiseSource seeded() {
        return (request, channels, height, width) -> GaussianNoise.sample(request.seed(), channels * height * width);
    }
}
