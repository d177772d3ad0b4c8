package io.unosynth.runtime.sampling;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.image.Crop;
import io.unosynth.core.image.ImageTransform;
import io.unosynth.core.image.ResampleFilter;
import io.unosynth.core.image.Resize;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.sampling.UnoPositions.Grid;
import java.util.ArrayList;
import java.util.List;

/**
 * FLUX rectified-flow sampling with UnoPE references (REFERENCE.md sections 2 and 3):
 * <pre>
 *   x = pack(noise(seed))                                    [B, N, 64]   per-sample noise
 *   r = pack(vae.encode(resize(ref_i)))                     [B, N_r, 64] clean, never noised
 *   for t, t_next in schedule(steps, N):
 *       v = transformer([x | r], ids = [target | UnoPE(ref)], txt, t, guidance)
 *       x = x + (t_next - t) * v[:, :N]                      only the target tokens drive the step
 *   image = vae.decode(unpack(x))
 * </pre>
 * A batch shares size and reference shapes (the ids input has no batch axis); a sample's result depends only on its
 * own prompt, seed and references.
 */
public final class FluxSampler {
    private final PromptEncoder promptEncoder;
    private final FlowTransformer transformer;
    private final LatentCodec vae;
    private final SamplerParams params;

    public FluxSampler(PromptEncoder promptEncoder, FlowTransformer transformer, LatentCodec vae,
            SamplerParams params) {
        this.promptEncoder = requireNonNull(promptEncoder, "promptEncoder is null");
        this.transformer = requireNonNull(transformer, "transformer is null");
        this.vae = requireNonNull(vae, "vae is null");
        this.params = requireNonNull(params, "params is null");
    }

    public SamplerParams params() {
        return params;
    }

    public List<RgbImage> sample(List<SampleRequest> batch) {
        checkArgument(!batch.isEmpty(), "Invalid batch: empty");
        SampleRequest first = batch.get(0);
        int size = batch.size();
        int latentHeight = 2 * ceilDiv(first.height(), 16);
        int latentWidth = 2 * ceilDiv(first.width(), 16);
        Grid target = new Grid(latentHeight / 2, latentWidth / 2);
        int targetTokens = target.rows() * target.cols();

        int latentSize = LatentCodec.CHANNELS * latentHeight * latentWidth;
        float[] noise = new float[size * latentSize];
        for (int b = 0; b < size; b++) {
            SampleRequest request = batch.get(b);
            checkArgument(request.width() == first.width() && request.height() == first.height(),
                    "Invalid batch: sizes differ (%sx%s and %sx%s)", first.width(), first.height(), request.width(),
                    request.height());
            System.arraycopy(GaussianNoise.sample(request.seed(), latentSize), 0, noise, b * latentSize, latentSize);
        }
        float[] x = LatentPacking.pack(noise, size, LatentCodec.CHANNELS, latentHeight, latentWidth);

        References references = encodeReferences(batch);
        int totalTokens = targetTokens + references.tokens();
        float[] imageIds = concat(PositionIds.image(target.rows(), target.cols(), 0, 0),
                concatAll(UnoPositions.referenceIds(target, references.grids(), params.offset())));
        PromptEmbeddings text = promptEncoder.encode(batch.stream().map(SampleRequest::prompt).toList());
        float[] textIds = PositionIds.text(text.tokens());
        float[] guidance = filled(size, (float) params.guidance());

        double[] t = FlowSchedule.timesteps(params.steps(), targetTokens, params.shift(), params.schedule());
        int rowValues = FlowInput.FEATURES;
        for (int step = 0; step < params.steps(); step++) {
            float[] hidden = new float[size * totalTokens * rowValues];
            for (int b = 0; b < size; b++) {
                System.arraycopy(x, b * targetTokens * rowValues, hidden, b * totalTokens * rowValues,
                        targetTokens * rowValues);
                System.arraycopy(references.tokensOf(b), 0, hidden, (b * totalTokens + targetTokens) * rowValues,
                        references.tokens() * rowValues);
            }
            float[] velocity = transformer.predict(new FlowInput(size, totalTokens, hidden, text,
                    filled(size, (float) t[step]), imageIds, textIds, guidance));
            checkArgument(velocity.length == hidden.length, "Invalid transformer output: %s values, expected %s",
                    velocity.length, hidden.length);
            float[] targetVelocity = new float[x.length];
            for (int b = 0; b < size; b++) {
                System.arraycopy(velocity, b * totalTokens * rowValues, targetVelocity, b * targetTokens * rowValues,
                        targetTokens * rowValues);
            }
            EulerStep.apply(x, targetVelocity, t[step], t[step + 1]);
        }
        float[] latents = LatentPacking.unpack(x, size, LatentCodec.CHANNELS, latentHeight, latentWidth);
        List<RgbImage> decoded = vae.decode(latents, size, latentHeight, latentWidth);
        List<RgbImage> images = new ArrayList<>(size);
        for (RgbImage image : decoded) {
            images.add(image.width() == first.width() && image.height() == first.height()
                    ? image
                    : new Crop(0, 0, first.width(), first.height()).apply(image));
        }
        return images;
    }

    /**
     * UNO's reference preprocessing: long side to 512 (one reference) or 320 (several) with Lanczos, centre crop
     * to multiples of 16, VAE encode, pack.
     */
    private References encodeReferences(List<SampleRequest> batch) {
        int count = batch.get(0).references().size();
        ImageTransform prepare = Resize.longestEdge(params.referenceLongSide(count), ResampleFilter.LANCZOS)
                .then(Crop.centerToMultiple(16));
        List<Grid> grids = null;
        List<float[]> perSample = new ArrayList<>();
        for (SampleRequest request : batch) {
            checkArgument(request.references().size() == count, "Invalid batch: reference counts differ");
            List<Grid> sampleGrids = new ArrayList<>();
            List<float[]> tokens = new ArrayList<>();
            for (RgbImage reference : request.references()) {
                RgbImage prepared = prepare.apply(reference);
                int latentHeight = prepared.height() / 8;
                int latentWidth = prepared.width() / 8;
                tokens.add(LatentPacking.pack(vae.encode(prepared), 1, LatentCodec.CHANNELS, latentHeight,
                        latentWidth));
                sampleGrids.add(new Grid(latentHeight / 2, latentWidth / 2));
            }
            checkArgument(grids == null || grids.equals(sampleGrids),
                    "Invalid batch: reference shapes differ (%s and %s)", grids, sampleGrids);
            grids = sampleGrids;
            perSample.add(concatAll(tokens));
        }
        return new References(grids, perSample);
    }

    private record References(List<Grid> grids, List<float[]> perSample) {
        int tokens() {
            return grids.stream().mapToInt(g -> g.rows() * g.cols()).sum();
        }

        float[] tokensOf(int sample) {
            return perSample.get(sample);
        }
    }

    private static int ceilDiv(int value, int divisor) {
        return (value + divisor - 1) / divisor;
    }

    private static float[] filled(int length, float value) {
        float[] array = new float[length];
        java.util.Arrays.fill(array, value);
        return array;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] result = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }

    private static float[] concatAll(List<float[]> parts) {
        int length = parts.stream().mapToInt(p -> p.length).sum();
        float[] result = new float[length];
        int offset = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, result, offset, part.length);
            offset += part.length;
        }
        return result;
    }
}
