package io.unosynth.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.unosynth.core.error.PipelineException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostTableTest {
    private static final CostTable TABLE = CostTable.parse("costs", List.of(
            "# FLUX.1-dev",
            "flux-dev.h100.1024x1024 = 0.2536",
            "flux-dev.h100.512x512 = 0.08",
            "flux-dev.a100.1024x1024 = 0.804"));

    @Test
    void anExactResolutionComesFromItsLine() {
        CostTable.StepCost cost = TABLE.stepCost("flux-dev", "H100", 1024, 1024);

        assertThat(cost.secondsPerStep()).isEqualTo(0.2536);
        assertThat(cost.derivation()).isEqualTo("table costs:2");
    }

    @Test
    void anotherResolutionScalesTheNearestBySequenceLength() {
        // 1024x512: 64x32 image tokens + 512 text = 2560; 512x512 has 1536 (1024 away), 1024x1024 has 4608 (2048 away).
        CostTable.StepCost cost = TABLE.stepCost("flux-dev", "h100", 1024, 512);

        assertThat(cost.secondsPerStep()).isCloseTo(0.08 * 2560 / 1536, within(1e-12));
        assertThat(cost.derivation()).contains("scaled from 512x512 (costs:3)").contains("2560/1536");
    }

    @Test
    void aMissingModelOrGpuNamesWhatTheTableHas() {
        assertThatThrownBy(() -> TABLE.stepCost("flux-dev", "l4", 1024, 1024))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("no entry for model 'flux-dev' on GPU 'l4'")
                .hasMessageContaining("[flux-dev/h100, flux-dev/a100]");
    }

    @Test
    void badLinesNameFileLineAndKey() {
        assertThatThrownBy(() -> CostTable.parse("c.properties", List.of("", "flux-dev.h100 = 1")))
                .hasMessageContaining("c.properties:2").hasMessageContaining("'flux-dev.h100'");
        assertThatThrownBy(() -> CostTable.parse("c.properties", List.of("flux-dev.h100.64x64 = fast")))
                .hasMessageContaining("c.properties:1").hasMessageContaining("found 'fast'");
        assertThatThrownBy(() -> CostTable.parse("c.properties", List.of("flux-dev.h100.64x64 = 0")))
                .hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> CostTable.load(Path.of("no-such-costs.properties")))
                .hasMessageContaining("Cannot read cost table no-such-costs.properties: no such file");
    }

    @Test
    void theShippedTableParsesAndCarriesThePublicH100Figure() {
        CostTable shipped = CostTable.load(Path.of("../conf/gpu-costs.properties"));

        // 7.1 s per 1024^2 image in 28 steps on an H100 (bf16).
        assertThat(shipped.stepCost("flux-dev", "h100", 1024, 1024).secondsPerStep() * 28).isCloseTo(7.1,
                within(0.01));
        assertThat(shipped.entries()).extracting(CostTable.Entry::gpu).contains("a100", "l4");
    }
}
