package io.unosynth.runtime.expand;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.config.ConfigValues;
import io.unosynth.core.config.ExpandConfig;
import io.unosynth.core.expand.ObjectPrompt;
import io.unosynth.core.image.Crop;
import io.unosynth.core.image.Photos;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.DemoContracts;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import io.unosynth.runtime.sampling.FlowInput;
import io.unosynth.runtime.sampling.FlowTransformer;
import io.unosynth.runtime.sampling.FluxSampler;
import io.unosynth.runtime.sampling.PromptEmbeddings;
import io.unosynth.runtime.sampling.PromptEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The regeneration call on the demo FLUX (a real network with random weights): each crop goes to the sampler as
 * the one reference, on UnoPE ids shifted past the target's grid, with the object prompt.
 */
class S2iRegeneratorTest {
    private static final int SIZE = 32;
    // Crops of a real photo (chelsea, 256 x 170) of different shapes, as a set with 1..3 extra subjects gives.
    private static final List<Crop> CROPS = List.of(new Crop(60, 20, 120, 60), new Crop(0, 0, 40, 100),
            new Crop(180, 100, 70, 70));

    @TempDir
    Path directory;

    /** Records every transformer call and passes it on to the real one. */
    private record Recording(FlowTransformer delegate, List<FlowInput> calls) implements FlowTransformer {
        @Override
        public float[] predict(FlowInput input) {
            calls.add(input);
            return delegate.predict(input);
        }
    }

    private record RecordingPrompts(PromptEncoder delegate, List<String> prompts) implements PromptEncoder {
        @Override
        public PromptEmbeddings encode(List<String> batch) {
            prompts.addAll(batch);
            return delegate.encode(batch);
        }
    }

    @ParameterizedTest(name = "{0} extra subjects")
    @ValueSource(ints = {1, 2, 3})
    void eachCropIsTheOneReferenceOnUnoPeIdsPastTheTarget(int extra) {
        ExpandConfig config = ExpandConfig.from(ConfigValues.of(Map.of("expand.size", Integer.toString(SIZE),
                "expand.steps", "2")));
        RgbImage photo = Photos.load(Photos.CHELSEA);
        try (ModelSet models = new ModelSet(DemoContracts.loader(DemoContracts.write(directory), Map.of()),
                ModelNames.DEFAULT, List.of(), BatchSize.DEFAULT)) {
            List<FlowInput> calls = new ArrayList<>();
            List<String> prompts = new ArrayList<>();
            S2iRegenerator regenerator = new S2iRegenerator(new FluxSampler(
                    new RecordingPrompts(models.promptEncoder(), prompts), new Recording(models.transformer(), calls),
                    models.vae(), S2iRegenerator.samplerParams(config)), ObjectPrompt.load(""), SIZE, "s2i=demo");
            List<RgbImage> outputs = new ArrayList<>();
            for (int i = 0; i < extra; i++) {
                int before = calls.size();
                RgbImage crop = CROPS.get(i).apply(photo);
                outputs.add(regenerator.regenerate(crop, "cat", 11));
                assertThat(calls.size() - before).as("one transformer call per step").isEqualTo(2);

                // target grid 2 x 2 (32 px / 16); the crop's long side is resized to 32, then cut to multiples of 16
                int targetRows = SIZE / 16;
                RgbImage fitted = S2iRegenerator.fitForReference(crop, SIZE);
                int refRows = refTokens(fitted.height(), fitted.width(), fitted.height());
                int refCols = refTokens(fitted.height(), fitted.width(), fitted.width());
                assertThat(refRows * refCols).isPositive();
                FlowInput input = calls.get(before);
                assertThat(input.imageTokens()).isEqualTo(targetRows * targetRows + refRows * refCols);
                float[] ids = input.imageIds();
                int first = targetRows * targetRows;
                for (int t = 0; t < first; t++) {
                    assertThat(new float[] {ids[3 * t], ids[3 * t + 1], ids[3 * t + 2]})
                            .containsExactly(0, t / targetRows, t % targetRows);
                }
                for (int r = 0; r < refRows * refCols; r++) {
                    int token = first + r;
                    assertThat(new float[] {ids[3 * token], ids[3 * token + 1], ids[3 * token + 2]})
                            .as("reference token %s: UnoPE shifted by the target grid (%s, %s)", r, targetRows,
                                    targetRows)
                            .containsExactly(0, targetRows + r / refCols, targetRows + r % refCols);
                }
            }
            assertThat(prompts).allMatch(p -> p.contains("single cat") && p.contains("plain white background"));
            assertThat(outputs).allMatch(image -> image.width() == SIZE && image.height() == SIZE);
            if (extra > 1) {
                assertThat(outputs.get(0)).as("the reference reaches the model").isNotEqualTo(outputs.get(1));
            }
            RgbImage again = regenerator.regenerate(CROPS.get(0).apply(photo), "cat", 11);
            assertThat(again).as("deterministic for a seed").isEqualTo(outputs.get(0));
        }
    }

    @org.junit.jupiter.api.Test
    void onlyCropsTooThinForOneTokenArePadded() {
        RgbImage thin = new RgbImage(10, 100, new byte[10 * 100 * 3]);
        assertThat(S2iRegenerator.fitForReference(thin, SIZE)).extracting(RgbImage::width, RgbImage::height)
                .containsExactly(100, 100);
        RgbImage wide = new RgbImage(100, 60, new byte[100 * 60 * 3]);
        assertThat(S2iRegenerator.fitForReference(wide, SIZE)).isSameAs(wide);
    }

    /** Tokens along one side after UNO's reference preprocessing (long side to SIZE, cut to multiples of 16). */
    private static int refTokens(int height, int width, int side) {
        double scale = (double) SIZE / Math.max(height, width);
        int resized = Math.max(1, (int) Math.round(side * scale));
        return resized / 16;
    }
}
