package io.unosynth.runtime.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.image.Photos;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.sampling.UnoPositions.Grid;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sampler's bookkeeping on hand-written fakes; {@code DemoSamplerTest} runs it on the demo ONNX models. */
class FluxSamplerTest {
    private static final SamplerParams PARAMS = new SamplerParams(4, 3.5, true, FlowSchedule.Variant.FLUX,
            UnoPositions.Offset.DIAGONAL, 512, 320);

    @Test
    void sameSeedSameBytesOtherSeedOtherImage() {
        FluxSampler sampler = sampler(new RecordingTransformer());

        RgbImage a = sampler.sample(List.of(SampleRequest.textOnly("a red mug", 7, 64, 32))).get(0);
        RgbImage b = sampler.sample(List.of(SampleRequest.textOnly("a red mug", 7, 64, 32))).get(0);
        RgbImage c = sampler.sample(List.of(SampleRequest.textOnly("a red mug", 8, 64, 32))).get(0);

        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
        assertThat(a).extracting(RgbImage::width, RgbImage::height).containsExactly(64, 32);
    }

    @Test
    void aBatchOfTwoEqualsTwoBatchesOfOne() {
        FluxSampler sampler = sampler(new RecordingTransformer());
        SampleRequest first = SampleRequest.textOnly("a red mug", 1, 48, 80);
        SampleRequest second = SampleRequest.textOnly("a blue kettle", 2, 48, 80);

        List<RgbImage> together = sampler.sample(List.of(first, second));

        assertThat(together).containsExactly(sampler.sample(List.of(first)).get(0),
                sampler.sample(List.of(second)).get(0));
    }

    @Test
    void referencesGetUnoPeIdsAndStayClean() {
        RecordingTransformer transformer = new RecordingTransformer();
        FluxSampler sampler = sampler(transformer);
        RgbImage cat = Photos.load(Photos.CHELSEA);      // 256 x 170
        RgbImage rocket = Photos.load(Photos.ROCKET);    // 256 x 171

        sampler.sample(List.of(new SampleRequest("the cat and the rocket", 3, 64, 64, List.of(cat, rocket))));

        // Two references: long side 320 -> 320 x 212/213 -> crop to 320 x 208 -> latent 40 x 26 -> 20 x 13 tokens.
        Grid target = new Grid(4, 4);
        List<Grid> grids = List.of(new Grid(13, 20), new Grid(13, 20));
        float[] expectedIds = concat(PositionIds.image(4, 4, 0, 0),
                concat(UnoPositions.referenceIds(target, grids, UnoPositions.Offset.DIAGONAL).get(0),
                        UnoPositions.referenceIds(target, grids, UnoPositions.Offset.DIAGONAL).get(1)));
        FlowInput firstCall = transformer.calls.get(0);
        assertThat(firstCall.imageTokens()).isEqualTo(16 + 2 * 260);
        assertThat(firstCall.imageIds()).containsExactly(expectedIds);
        assertThat(transformer.calls).hasSize(4);
        float[] referenceTokens = Arrays.copyOfRange(firstCall.hiddenStates(), 16 * 64,
                firstCall.hiddenStates().length);
        for (FlowInput call : transformer.calls) {
            assertThat(Arrays.copyOfRange(call.hiddenStates(), 16 * 64, call.hiddenStates().length))
                    .as("references are never noised or stepped").containsExactly(referenceTokens);
        }
        assertThat(transformer.calls).extracting(c -> c.timestep()[0])
                .containsExactly(1.0f, (float) FlowSchedule.timesteps(4, 16, true, FlowSchedule.Variant.FLUX)[1],
                        (float) FlowSchedule.timesteps(4, 16, true, FlowSchedule.Variant.FLUX)[2],
                        (float) FlowSchedule.timesteps(4, 16, true, FlowSchedule.Variant.FLUX)[3]);
        assertThat(firstCall.guidance()).containsExactly(3.5f);
    }

    @Test
    void onlyTargetTokensDriveTheStep() {
        // A transformer that predicts a huge velocity for reference tokens: if any leaked into the target's update,
        // the image would change.
        RecordingTransformer quiet = new RecordingTransformer();
        RecordingTransformer loudReferences = new RecordingTransformer() {
            @Override
            public float[] predict(FlowInput input) {
                float[] v = super.predict(input);
                for (int i = 16 * 64; i < v.length; i++) {
                    v[i] = 1e6f;
                }
                return v;
            }
        };
        SampleRequest request = new SampleRequest("a cat", 5, 64, 64, List.of(Photos.load(Photos.CHELSEA)));

        assertThat(sampler(loudReferences).sample(List.of(request)))
                .isEqualTo(sampler(quiet).sample(List.of(request)));
    }

    @Test
    void suppliedNoiseIsTheStartingLatentAndSeededNoiseIsTheDefault() {
        RecordingTransformer transformer = new RecordingTransformer();
        float[] given = new float[16 * 4 * 2]; // 32x16 image: latent [16, 2, 4]
        for (int i = 0; i < given.length; i++) {
            given[i] = (i % 7) - 3;
        }
        FluxSampler supplied = new FluxSampler(new HashingPromptEncoder(), transformer, new MeanLatentCodec(), PARAMS,
                (request, channels, height, width) -> given.clone());
        FluxSampler seededExplicitly = new FluxSampler(new HashingPromptEncoder(), new RecordingTransformer(),
                new MeanLatentCodec(), PARAMS, NoiseSource.seeded());
        SampleRequest request = SampleRequest.textOnly("a red mug", 7, 32, 16);

        RgbImage image = supplied.sample(List.of(request)).get(0);

        assertThat(transformer.calls.get(0).hiddenStates()).containsExactly(LatentPacking.pack(given, 1, 16, 2, 4));
        assertThat(image).isNotEqualTo(sampler(new RecordingTransformer()).sample(List.of(request)).get(0));
        assertThat(seededExplicitly.sample(List.of(request)))
                .isEqualTo(sampler(new RecordingTransformer()).sample(List.of(request)));
        FluxSampler wrongSize = new FluxSampler(new HashingPromptEncoder(), transformer, new MeanLatentCodec(), PARAMS,
                (r, channels, height, width) -> new float[3]);
        assertThatThrownBy(() -> wrongSize.sample(List.of(request)))
                .hasMessageContaining("Invalid initial noise: 3 values for [16, 2, 4]");
    }

    @Test
    void encodedReferencesOfAnySizeEachGetTheirOwnGrid() {
        RecordingTransformer transformer = new RecordingTransformer();
        ReferenceLatent small = latent(2, 4, 0.25f);   // 1 x 2 tokens
        ReferenceLatent tall = latent(6, 2, -0.5f);    // 3 x 1 tokens

        sampler(transformer).sample(List.of(SampleRequest.withReferenceLatents("two refs", 4, 32, 32,
                List.of(small, tall))));

        Grid target = new Grid(2, 2);
        List<float[]> refIds = UnoPositions.referenceIds(target, List.of(new Grid(1, 2), new Grid(3, 1)),
                UnoPositions.Offset.DIAGONAL);
        FlowInput call = transformer.calls.get(0);
        assertThat(call.imageTokens()).isEqualTo(4 + 2 + 3);
        assertThat(call.imageIds()).containsExactly(concat(PositionIds.image(2, 2, 0, 0),
                concat(refIds.get(0), refIds.get(1))));
        assertThat(Arrays.copyOfRange(call.hiddenStates(), 4 * 64, 9 * 64))
                .containsExactly(concat(LatentPacking.pack(small.values(), 1, 16, 2, 4),
                        LatentPacking.pack(tall.values(), 1, 16, 6, 2)));
    }

    @Test
    void anImageReferenceEqualsItsEncodedLatent() {
        MeanLatentCodec vae = new MeanLatentCodec();
        RgbImage cat = Photos.load(Photos.CHELSEA); // 256 x 170 -> 512 x 340 -> crop 512 x 336
        RgbImage prepared = io.unosynth.core.image.Resize.longestEdgeTruncated(512,
                io.unosynth.core.image.ResampleFilter.LANCZOS).then(io.unosynth.core.image.Crop.centerToMultiple(16))
                .apply(cat);
        ReferenceLatent encoded = new ReferenceLatent(prepared.height() / 8, prepared.width() / 8,
                vae.encode(prepared));

        List<RgbImage> fromImage = sampler(new RecordingTransformer())
                .sample(List.of(new SampleRequest("a cat", 5, 32, 32, List.of(cat))));
        List<RgbImage> fromLatent = sampler(new RecordingTransformer())
                .sample(List.of(SampleRequest.withReferenceLatents("a cat", 5, 32, 32, List.of(encoded))));

        assertThat(prepared).extracting(RgbImage::width, RgbImage::height).containsExactly(512, 336);
        assertThat(fromLatent).isEqualTo(fromImage);
        assertThatThrownBy(() -> new SampleRequest("a", 1, 32, 32, List.of(cat), List.of(encoded)))
                .hasMessageContaining("Invalid references: give images or encoded latents, not both");
        assertThatThrownBy(() -> new ReferenceLatent(3, 4, new float[16 * 12]))
                .hasMessageContaining("Invalid reference latent size 3x4");
    }

    private static ReferenceLatent latent(int height, int width, float base) {
        float[] values = new float[16 * height * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = base + i / 1000f;
        }
        return new ReferenceLatent(height, width, values);
    }

    @Test
    void mixedSizesInABatchAreRejected() {
        assertThatThrownBy(() -> sampler(new RecordingTransformer()).sample(List.of(
                SampleRequest.textOnly("a", 1, 64, 64), SampleRequest.textOnly("b", 2, 64, 32))))
                .hasMessageContaining("sizes differ");
        assertThatThrownBy(() -> SampleRequest.textOnly("a", 1, 60, 64))
                .hasMessageContaining("Invalid image size 60x64");
    }

    private static FluxSampler sampler(FlowTransformer transformer) {
        return new FluxSampler(new HashingPromptEncoder(), transformer, new MeanLatentCodec(), PARAMS);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }

    /** Deterministic text features from the prompt's characters: 8 tokens of width 4, pooled width 2. */
    static final class HashingPromptEncoder implements PromptEncoder {
        @Override
        public PromptEmbeddings encode(List<String> prompts) {
            float[] tokens = new float[prompts.size() * 8 * 4];
            float[] pooled = new float[prompts.size() * 2];
            for (int b = 0; b < prompts.size(); b++) {
                int hash = prompts.get(b).hashCode();
                for (int i = 0; i < 32; i++) {
                    tokens[b * 32 + i] = ((hash >> (i % 31)) & 7) / 7f;
                }
                pooled[2 * b] = (hash & 255) / 255f;
                pooled[2 * b + 1] = ((hash >> 8) & 255) / 255f;
            }
            return new PromptEmbeddings(prompts.size(), 8, 4, tokens, 2, pooled);
        }
    }

    /** v = 0.5 x + text pooled + t, per sample: batch-invariant by construction; records every call. */
    static class RecordingTransformer implements FlowTransformer {
        final List<FlowInput> calls = new ArrayList<>();

        @Override
        public float[] predict(FlowInput input) {
            calls.add(input);
            float[] hidden = input.hiddenStates();
            float[] v = new float[hidden.length];
            int perSample = input.imageTokens() * 64;
            for (int b = 0; b < input.batch(); b++) {
                float bias = input.text().pooled()[2 * b] + input.timestep()[b];
                for (int i = 0; i < perSample; i++) {
                    v[b * perSample + i] = 0.5f * hidden[b * perSample + i] + bias;
                }
            }
            return v;
        }
    }

    /** Decodes a latent cell's first three channels to a grey-ish pixel block; encodes pixels back to channels. */
    static final class MeanLatentCodec implements LatentCodec {
        @Override
        public List<RgbImage> decode(float[] latents, int batch, int height, int width) {
            List<RgbImage> images = new ArrayList<>();
            int plane = height * width;
            for (int b = 0; b < batch; b++) {
                byte[] pixels = new byte[plane * 64 * 3];
                for (int y = 0; y < height * 8; y++) {
                    for (int x = 0; x < width * 8; x++) {
                        for (int c = 0; c < 3; c++) {
                            float value = latents[(b * CHANNELS + c) * plane + (y / 8) * width + x / 8];
                            int level = Math.round(127.5f + 40f * value);
                            pixels[(y * width * 8 + x) * 3 + c] = (byte) Math.max(0, Math.min(255, level));
                        }
                    }
                }
                images.add(new RgbImage(width * 8, height * 8, pixels));
            }
            return images;
        }

        @Override
        public float[] encode(RgbImage image) {
            int height = image.height() / 8;
            int width = image.width() / 8;
            float[] latent = new float[CHANNELS * height * width];
            for (int c = 0; c < CHANNELS; c++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        latent[(c * height + y) * width + x] = image.get(x * 8, y * 8, c % 3) / 255f;
                    }
                }
            }
            return latent;
        }
    }
}
