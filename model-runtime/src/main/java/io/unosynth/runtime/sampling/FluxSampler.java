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
 *   x = pack(noise(request))                                 [B, N, 64]   per-sample noise (seeded by default)
 *   r = pack(vae.encode(resize(ref_i))) or given latents    [B, N_r, 64] clean, never noised
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
    private final NoiseSource noise;

    public FluxSampler(PromptEncoder promptEncoder, FlowTransformer transformer, LatentCodec vae,
            SamplerParams params) {
        this(promptEncoder, transformer, vae, params, NoiseSource.seeded());
    }

    /** @param noise where each sample's initial noise comes from; {@link NoiseSource#seeded()} by default */
    public FluxSampler(PromptEncoder promptEncoder, FlowTransformer transformer, LatentCodec vae,
            SamplerParams params, NoiseSource noise) {
        this.promptEncoder = requireNonNull(promptEncoder, "promptEncoder is null");
        this.transformer = requireNonNull(transformer, "transformer is null");
        this.vae = requireNonNull(vae, "vae is null");
        this.params = requireNonNull(params, "params is null");
        this.noise = requireNonNull(noise, "noise is null");
    }

    public SamplerParams params() {
        return params;
    }

    public List<RgbImage> sample(List<SampleRequest> batch) {
        LatentShape shape = LatentShape.of(batch);
        int size = batch.size();
        float[] img = initialNoise(batch, shape);
        References references = references(batch);
        PromptEmbeddings txt = promptEncoder.encode(batch.stream().map(SampleRequest::prompt).toList());
        float[] imgIds = concat(PositionIds.image(shape.grid().rows(), shape.grid().cols(), 0, 0),
                concatAll(UnoPositions.referenceIds(shape.grid(), references.grids(), params.offset())));
        double[] timesteps = FlowSchedule.timesteps(params.steps(), shape.tokens(), params.shift(), params.schedule());
        denoise(img, size, references, imgIds, txt, timesteps);
        return decode(img, size, shape);
    }

    /**
     * FLUX's {@code denoise}: for each consecutive pair (t_curr, t_prev) of the schedule, predict the velocity of the
     * image tokens (the clean references ride along after them) and take an Euler step on the target tokens only.
     */
    private void denoise(float[] img, int batch, References references, float[] imgIds, PromptEmbeddings txt,
            double[] timesteps) {
        float[] txtIds = PositionIds.text(txt.tokens());
        float[] guidanceVec = filled(batch, (float) params.guidance());
        int targetTokens = img.length / (batch * FlowInput.FEATURES);
        for (int i = 0; i + 1 < timesteps.length; i++) {
            double tCurr = timesteps[i];
            double tPrev = timesteps[i + 1];
            float[] pred = transformer.predict(new FlowInput(batch, targetTokens + references.tokens(),
                    references.appendTo(img, batch, targetTokens), txt, filled(batch, (float) tCurr), imgIds, txtIds,
                    guidanceVec));
            EulerStep.apply(img, references.targetRowsOf(pred, batch, targetTokens), tCurr, tPrev);
        }
    }

    /** Each sample's noise from the noise source, packed to tokens {@code [B, N, 64]}. */
    private float[] initialNoise(List<SampleRequest> batch, LatentShape shape) {
        int latentSize = shape.values();
        float[] latents = new float[batch.size() * latentSize];
        for (int b = 0; b < batch.size(); b++) {
            float[] sampleNoise = noise.latentNoise(batch.get(b), LatentCodec.CHANNELS, shape.height(), shape.width());
            checkArgument(sampleNoise.length == latentSize, "Invalid initial noise: %s values for [%s, %s, %s]",
                    sampleNoise.length, LatentCodec.CHANNELS, shape.height(), shape.width());
            System.arraycopy(sampleNoise, 0, latents, b * latentSize, latentSize);
        }
        return LatentPacking.pack(latents, batch.size(), LatentCodec.CHANNELS, shape.height(), shape.width());
    }

    private List<RgbImage> decode(float[] img, int batch, LatentShape shape) {
        float[] latents = LatentPacking.unpack(img, batch, LatentCodec.CHANNELS, shape.height(), shape.width());
        List<RgbImage> images = new ArrayList<>(batch);
        for (RgbImage image : vae.decode(latents, batch, shape.height(), shape.width())) {
            images.add(image.width() == shape.imageWidth() && image.height() == shape.imageHeight()
                    ? image
                    : new Crop(0, 0, shape.imageWidth(), shape.imageHeight()).apply(image));
        }
        return images;
    }

    /**
     * Each sample's references as latents: given ones as they are; images prepared as UNO's {@code preprocess_ref}
     * (long side to 512 for one reference or 320 for several, short side truncated, Lanczos; centre crop to
     * multiples of 16) and VAE-encoded.
     */
    private References references(List<SampleRequest> batch) {
        int count = batch.get(0).referenceCount();
        ImageTransform prepare = Resize.longestEdgeTruncated(params.referenceLongSide(count), ResampleFilter.LANCZOS)
                .then(Crop.centerToMultiple(16));
        List<Grid> grids = null;
        List<float[]> perSample = new ArrayList<>();
        for (SampleRequest request : batch) {
            checkArgument(request.referenceCount() == count, "Invalid batch: reference counts differ");
            List<ReferenceLatent> latents = new ArrayList<>(request.referenceLatents());
            for (RgbImage reference : request.references()) {
                RgbImage prepared = prepare.apply(reference);
                latents.add(new ReferenceLatent(prepared.height() / 8, prepared.width() / 8, vae.encode(prepared)));
            }
            List<Grid> sampleGrids = latents.stream().map(ReferenceLatent::grid).toList();
            checkArgument(grids == null || grids.equals(sampleGrids),
                    "Invalid batch: reference shapes differ (%s and %s)", grids, sampleGrids);
            grids = sampleGrids;
            perSample.add(concatAll(latents.stream().map(ReferenceLatent::tokens).toList()));
        }
        return new References(grids, perSample);
    }

    /** The batch's latent size: 2 * ceil(side / 16), as FLUX's {@code get_noise}; the batch must share one size. */
    private record LatentShape(int imageWidth, int imageHeight) {
        static LatentShape of(List<SampleRequest> batch) {
            checkArgument(!batch.isEmpty(), "Invalid batch: empty");
            SampleRequest first = batch.get(0);
            for (SampleRequest request : batch) {
                checkArgument(request.width() == first.width() && request.height() == first.height(),
                        "Invalid batch: sizes differ (%sx%s and %sx%s)", first.width(), first.height(),
                        request.width(), request.height());
            }
            return new LatentShape(first.width(), first.height());
        }

        int height() {
            return 2 * ceilDiv(imageHeight, 16);
        }

        int width() {
            return 2 * ceilDiv(imageWidth, 16);
        }

        Grid grid() {
            return new Grid(height() / 2, width() / 2);
        }

        int tokens() {
            return grid().rows() * grid().cols();
        }

        int values() {
            return LatentCodec.CHANNELS * height() * width();
        }
    }

    private record References(List<Grid> grids, List<float[]> perSample) {
        int tokens() {
            return grids.stream().mapToInt(g -> g.rows() * g.cols()).sum();
        }

        /** {@code [img | ref]} per sample: the transformer's hidden states. */
        float[] appendTo(float[] img, int batch, int targetTokens) {
            int rowValues = FlowInput.FEATURES;
            int totalTokens = targetTokens + tokens();
            float[] hidden = new float[batch * totalTokens * rowValues];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(img, b * targetTokens * rowValues, hidden, b * totalTokens * rowValues,
                        targetTokens * rowValues);
                System.arraycopy(perSample.get(b), 0, hidden, (b * totalTokens + targetTokens) * rowValues,
                        tokens() * rowValues);
            }
            return hidden;
        }

        /** The prediction's first {@code targetTokens} rows of each sample: only they drive the step. */
        float[] targetRowsOf(float[] pred, int batch, int targetTokens) {
            int rowValues = FlowInput.FEATURES;
            int totalTokens = targetTokens + tokens();
            checkArgument(pred.length == batch * totalTokens * rowValues,
                    "Invalid transformer output: %s values, expected %s", pred.length,
                    batch * totalTokens * rowValues);
            float[] target = new float[batch * targetTokens * rowValues];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(pred, b * totalTokens * rowValues, target, b * targetTokens * rowValues,
                        targetTokens * rowValues);
            }
            return target;
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
