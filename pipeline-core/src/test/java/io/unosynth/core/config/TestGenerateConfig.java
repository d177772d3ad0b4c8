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
                new GenerateConfig(1024, 512, 25, 4.0, Schedule.FLUX, 2, 16, 2, 0, 0));
    }

    @Test
    void fullMapping() {
        Map<String, String> properties = Map.ofEntries(
                Map.entry("generate.width", "1056"),
                Map.entry("generate.height", "528"),
                Map.entry("generate.steps", "28"),
                Map.entry("generate.guidance", "3.5"),
                Map.entry("generate.schedule", "uno-inference"),
                Map.entry("generate.batch-size", "4"),
                Map.entry("generate.pairs-per-shard", "64"),
                Map.entry("generate.max-pairs-per-category", "0"),
                Map.entry("generate.split-margin", "8"),
                Map.entry("generate.task-gpus", "0.5"));
        assertFullMapping(properties, GenerateConfig::from,
                new GenerateConfig(1056, 528, 28, 3.5, Schedule.UNO_INFERENCE, 4, 64, 0, 8, 0.5), "", Set.of());
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
