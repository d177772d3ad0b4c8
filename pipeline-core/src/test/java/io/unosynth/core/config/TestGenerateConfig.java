package io.unosynth.core.config;

import static io.unosynth.core.config.ConfigAssertions.assertDefaults;
import static io.unosynth.core.config.ConfigAssertions.assertFullMapping;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.Fixtures;
import io.unosynth.core.config.GenerateConfig.Schedule;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestGenerateConfig {
    @Test
    void defaults() {
        assertDefaults(GenerateConfig::from,
                new GenerateConfig(1024, 512, 25, 4.0, Schedule.FLUX, 2, 16, 2, 0));
    }

    @Test
    void fullMapping() {
        Map<String, String> properties = Map.of(
                "generate.width", "1056",
                "generate.height", "528",
                "generate.steps", "28",
                "generate.guidance", "3.5",
                "generate.schedule", "uno-inference",
                "generate.batch-size", "4",
                "generate.pairs-per-shard", "64",
                "generate.max-pairs-per-category", "0",
                "generate.split-margin", "8");
        assertFullMapping(properties, GenerateConfig::from,
                new GenerateConfig(1056, 528, 28, 3.5, Schedule.UNO_INFERENCE, 4, 64, 0, 8), "", Set.of());
    }

    @Test
    void sizesMustSplitIntoHalvesOfSixteens() {
        assertThatThrownBy(() -> GenerateConfig.from(Fixtures.configValues("generate.width", "1040")))
                .hasMessageContaining("'generate.width'").hasMessageContaining("multiple of 32");
        assertThatThrownBy(() -> GenerateConfig.from(Fixtures.configValues("generate.height", "500")))
                .hasMessageContaining("'generate.height'").hasMessageContaining("multiple of 16");
        assertThatThrownBy(() -> GenerateConfig.from(Fixtures.configValues("generate.split-margin", "300")))
                .hasMessageContaining("'generate.split-margin'");
    }
}
