package io.unosynth.runtime.contracts.flux;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.image.Photos;
import io.unosynth.core.image.RgbImage;
import io.unosynth.runtime.contracts.BatchSize;
import io.unosynth.runtime.contracts.DemoContracts;
import io.unosynth.runtime.contracts.ModelNames;
import io.unosynth.runtime.contracts.ModelSet;
import io.unosynth.runtime.sampling.FlowSchedule;
import io.unosynth.runtime.sampling.FluxSampler;
import io.unosynth.runtime.sampling.SampleRequest;
import io.unosynth.runtime.sampling.SamplerParams;
import io.unosynth.runtime.sampling.UnoPositions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FluxSampler} end to end over the demo FLUX, T5, CLIP and VAE models through a {@link ModelSet}. */
class DemoSamplerTest {
    private static final int STEPS = 3;

    @TempDir
    static Path directory;

    private static ModelSet models;

    @BeforeAll
    static void open() {
        models = new ModelSet(DemoContracts.loader(DemoContracts.write(directory), Map.of()), ModelNames.DEFAULT,
                List.of(), new BatchSize(4));
    }

    @AfterAll
    static void close() {
        models.close();
    }

    private static FluxSampler sampler(UnoPositions.Offset offset) {
        // Small references (long side 64) keep the demo run fast; the schedule and ids are the real ones.
        return models.sampler(new SamplerParams(STEPS, 4.0, true, FlowSchedule.Variant.FLUX, offset, 64, 32));
    }

    @Test
    void theSameSeedGivesIdenticalBytesAndAnotherSeedDiffers() {
        FluxSampler sampler = sampler(UnoPositions.Offset.DIAGONAL);
        RgbImage first = sampler.sample(List.of(SampleRequest.textOnly("a red dog", 1, 32, 32))).get(0);
        RgbImage again = sampler.sample(List.of(SampleRequest.textOnly("a red dog", 1, 32, 32))).get(0);
        RgbImage other = sampler.sample(List.of(SampleRequest.textOnly("a red dog", 2, 32, 32))).get(0);
        assertThat(first.width()).isEqualTo(32);
        assertThat(first.height()).isEqualTo(32);
        assertThat(again.pixels()).isEqualTo(first.pixels());
        assertThat(distinctValues(first)).as("decoded noise, not a flat or clipped image").isGreaterThan(32);
        assertThat(differingBytes(first, other)).isGreaterThan(first.pixels().length / 4);
    }

    @Test
    void aBatchOfTwoMatchesTwoBatchesOfOne() {
        FluxSampler sampler = sampler(UnoPositions.Offset.DIAGONAL);
        SampleRequest dog = SampleRequest.textOnly("a red dog", 11, 32, 32);
        SampleRequest mug = SampleRequest.textOnly("a blue mug on a table", 12, 32, 32);
        List<RgbImage> together = sampler.sample(List.of(dog, mug));
        RgbImage dogAlone = sampler.sample(List.of(dog)).get(0);
        RgbImage mugAlone = sampler.sample(List.of(mug)).get(0);
        // Exact on ORT's CPU provider here (measured: 0 differing bytes). Another provider may choose other
        // kernels per batch size; then this would need a tolerance of an 8-bit step.
        assertThat(together.get(0)).isEqualTo(dogAlone);
        assertThat(together.get(1)).isEqualTo(mugAlone);
        assertThat(together.get(0)).isNotEqualTo(together.get(1));
    }

    @Test
    void referenceIdsChangeTheOutput() {
        RgbImage reference = Photos.load(Photos.CHELSEA);
        SampleRequest request = new SampleRequest("a cat on a sofa", 5, 32, 32, List.of(reference));
        RgbImage diagonal = sampler(UnoPositions.Offset.DIAGONAL).sample(List.of(request)).get(0);
        RgbImage none = sampler(UnoPositions.Offset.NONE).sample(List.of(request)).get(0);
        RgbImage textOnly = sampler(UnoPositions.Offset.DIAGONAL)
                .sample(List.of(SampleRequest.textOnly("a cat on a sofa", 5, 32, 32))).get(0);
        assertThat(differingBytes(diagonal, none)).isGreaterThan(0);
        assertThat(differingBytes(diagonal, textOnly)).isGreaterThan(0);
        assertThat(sampler(UnoPositions.Offset.DIAGONAL).sample(List.of(request)).get(0)).isEqualTo(diagonal);
    }

    @Test
    void aNonSquareSizeKeepsWidthAndHeight() {
        RgbImage image = sampler(UnoPositions.Offset.DIAGONAL)
                .sample(List.of(SampleRequest.textOnly("a wide landscape", 3, 96, 64))).get(0);
        assertThat(image.width()).isEqualTo(96);
        assertThat(image.height()).isEqualTo(64);
    }

    @Test
    void theTransformerTakesTheExportsFloatTypes() {
        assertThat(models.transformer().inputType(FlowPreprocessor.HIDDEN_STATES))
                .isEqualTo(io.unosynth.runtime.spi.DataType.FLOAT32);
        assertThat(models.transformer().inputType(FlowPreprocessor.GUIDANCE))
                .isEqualTo(io.unosynth.runtime.spi.DataType.FLOAT32);
    }

    static int differingBytes(RgbImage a, RgbImage b) {
        int count = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            if (a.pixels()[i] != b.pixels()[i]) {
                count++;
            }
        }
        return count;
    }

    static long distinctValues(RgbImage image) {
        java.util.Set<Byte> values = new java.util.HashSet<>();
        for (byte value : image.pixels()) {
            values.add(value);
        }
        return values.size();
    }
}
