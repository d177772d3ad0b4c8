package io.unosynth.runtime.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.runtime.sampling.UnoPositions.Grid;
import io.unosynth.runtime.sampling.UnoPositions.Offset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SamplingMathTest {
    @ParameterizedTest(name = "{0} tokens")
    @CsvSource({"256, 0.5", "1024, 0.63", "4096, 1.15", "2048, 0.8033333333333333"})
    void muIsLinearBetweenFluxAnchors(int tokens, double expected) {
        assertThat(FlowSchedule.mu(tokens)).isCloseTo(expected, within(1e-12));
    }

    @ParameterizedTest(name = "{0} tokens, {1} steps")
    @CsvSource({"256, 4", "1024, 25", "4096, 28", "2048, 10"})
    void shiftedScheduleEqualsTheFluxFormula(int tokens, int steps) {
        double[] t = FlowSchedule.timesteps(steps, tokens, true, FlowSchedule.Variant.FLUX);

        double mu = 0.5 + (tokens - 256) * (1.15 - 0.5) / (4096 - 256);
        assertThat(t).hasSize(steps + 1);
        assertThat(t[0]).isEqualTo(1.0);
        assertThat(t[steps]).isEqualTo(0.0);
        for (int i = 1; i < steps; i++) {
            double linear = 1.0 - (double) i / steps;
            double expected = Math.exp(mu) / (Math.exp(mu) + (1 / linear - 1));
            assertThat(t[i]).isCloseTo(expected, within(1e-12));
            assertThat(t[i]).isLessThan(t[i - 1]);
        }
    }

    @Test
    void pinnedScheduleValues() {
        // 512^2: 1024 tokens, mu = 0.63; at t = 0.5 the shifted t is e^0.63 / (e^0.63 + 1).
        double[] flux = FlowSchedule.timesteps(2, 1024, true, FlowSchedule.Variant.FLUX);
        double[] uno = FlowSchedule.timesteps(2, 1024, true, FlowSchedule.Variant.UNO_INFERENCE);
        double[] plain = FlowSchedule.timesteps(4, 1024, false, FlowSchedule.Variant.FLUX);

        assertThat(flux[1]).isCloseTo(0.652489, within(1e-6));
        assertThat(FlowSchedule.mu(1024.0 / 64)).isCloseTo(0.459375, within(1e-9));
        assertThat(uno[1]).isCloseTo(Math.exp(0.459375) / (Math.exp(0.459375) + 1), within(1e-12));
        assertThat(plain).containsExactly(1.0, 0.75, 0.5, 0.25, 0.0);
    }

    @Test
    void unoInferenceFloorsTheTokenCountAsUnosIntegerDivision() {
        // 528x512: 33 x 32 = 1056 tokens; UNO computes (528 // 8) * (512 // 8) // 256 = 16, not 16.5.
        double[] uno = FlowSchedule.timesteps(4, 1056, true, FlowSchedule.Variant.UNO_INFERENCE);

        assertThat(uno).containsExactly(FlowSchedule.timesteps(4, 1024, true, FlowSchedule.Variant.UNO_INFERENCE));
        assertThat(uno[1]).isCloseTo(Math.exp(FlowSchedule.mu(16)) / (Math.exp(FlowSchedule.mu(16)) + 1.0 / 3),
                within(1e-12));
        assertThat(uno[1]).isNotCloseTo(
                Math.exp(FlowSchedule.mu(16.5)) / (Math.exp(FlowSchedule.mu(16.5)) + 1.0 / 3), within(1e-9));
    }

    @Test
    void packingFollowsTheFluxLayoutAndRoundTripsExactly() {
        // One channel, 2x4 latent: two tokens; token 0 holds (y0x0, y0x1, y1x0, y1x1).
        float[] latent = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThat(LatentPacking.pack(latent, 1, 1, 2, 4)).containsExactly(1, 2, 5, 6, 3, 4, 7, 8);

        Random random = new Random(3);
        float[] big = new float[2 * 16 * 6 * 10];
        for (int i = 0; i < big.length; i++) {
            big[i] = random.nextFloat();
        }
        float[] tokens = LatentPacking.pack(big, 2, 16, 6, 10);
        assertThat(LatentPacking.unpack(tokens, 2, 16, 6, 10)).containsExactly(big);
        // Batch 1, channel 3, latent (y=2, x=5) -> token (1, 2) = 1 * 5 + 2 = 7, feature 3 * 4 + 0 * 2 + 1 = 13.
        assertThat(tokens[(1 * 15 + 7) * 64 + 13]).isEqualTo(big[((1 * 16 + 3) * 6 + 2) * 10 + 5]);
    }

    @Test
    void imageIdsCountRowsAndColumns() {
        float[] ids = PositionIds.image(2, 3, 0, 0);

        assertThat(ids).containsExactly(0, 0, 0, 0, 0, 1, 0, 0, 2, 0, 1, 0, 0, 1, 1, 0, 1, 2);
        assertThat(PositionIds.text(4)).containsOnly(0f).hasSize(12);
    }

    @Test
    void unoPeCascadesDiagonallyForOneToFourReferences() {
        Grid target = new Grid(32, 32); // 512 x 512
        List<Grid> refs = List.of(new Grid(20, 14), new Grid(14, 20), new Grid(20, 20), new Grid(8, 12));

        for (int count = 1; count <= 4; count++) {
            List<float[]> ids = UnoPositions.referenceIds(target, refs.subList(0, count), Offset.DIAGONAL);
            assertThat(ids).hasSize(count);
        }
        List<float[]> ids = UnoPositions.referenceIds(target, refs, Offset.DIAGONAL);
        // Hand-computed starts: (32, 32), (52, 46), (66, 66), (86, 86).
        assertThat(first(ids.get(0))).containsExactly(0, 32, 32);
        assertThat(first(ids.get(1))).containsExactly(0, 52, 46);
        assertThat(first(ids.get(2))).containsExactly(0, 66, 66);
        assertThat(first(ids.get(3))).containsExactly(0, 86, 86);
        assertThat(last(ids.get(3))).containsExactly(0, 86 + 7, 86 + 11);
        assertThat(ids.get(1)).hasSize(14 * 20 * 3);
    }

    @Test
    void unoPeVariantsShiftOnlyTheirAxis() {
        Grid target = new Grid(16, 24);
        List<Grid> refs = List.of(new Grid(20, 20), new Grid(10, 30));

        List<float[]> height = UnoPositions.referenceIds(target, refs, Offset.HEIGHT);
        List<float[]> width = UnoPositions.referenceIds(target, refs, Offset.WIDTH);
        List<float[]> none = UnoPositions.referenceIds(target, refs, Offset.NONE);

        assertThat(first(height.get(0))).containsExactly(0, 16, 0);
        assertThat(first(height.get(1))).containsExactly(0, 36, 0);
        assertThat(first(width.get(0))).containsExactly(0, 0, 24);
        assertThat(first(width.get(1))).containsExactly(0, 0, 44);
        assertThat(none.get(1)).containsExactly(PositionIds.image(10, 30, 0, 0));
    }

    @Test
    void noiseDependsOnlyOnItsSeedAndIsStandardNormal() {
        float[] a = GaussianNoise.sample(42, 100_001);
        float[] b = GaussianNoise.sample(42, 100_001);
        float[] c = GaussianNoise.sample(43, 100_001);

        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
        double mean = 0;
        double square = 0;
        for (float value : a) {
            mean += value;
            square += value * value;
        }
        mean /= a.length;
        assertThat(mean).isCloseTo(0, within(0.02));
        assertThat(square / a.length - mean * mean).isCloseTo(1, within(0.02));
        assertThat(GaussianNoise.sample(42, 10)).containsExactly(java.util.Arrays.copyOf(a, 10));
    }

    @Test
    void eulerStepMovesAlongTheVelocity() {
        float[] x = {1, 2, 3};
        EulerStep.apply(x, new float[] {1, -2, 0.5f}, 1.0, 0.75);
        assertThat(x).containsExactly(new float[] {0.75f, 2.5f, 2.875f}, within(1e-6f));
    }

    private static float[] first(float[] ids) {
        return java.util.Arrays.copyOf(ids, 3);
    }

    private static float[] last(float[] ids) {
        return java.util.Arrays.copyOfRange(ids, ids.length - 3, ids.length);
    }
}
