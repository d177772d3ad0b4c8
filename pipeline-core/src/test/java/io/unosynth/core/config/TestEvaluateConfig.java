package io.unosynth.core.config;

import static io.unosynth.core.config.ConfigAssertions.assertDefaults;
import static io.unosynth.core.config.ConfigAssertions.assertFullMapping;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.Fixtures;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestEvaluateConfig {
    @Test
    void defaults() {
        assertDefaults(EvaluateConfig::from, new EvaluateConfig("", 4, 0, 512, 25, 4.0, 1, "dino-v1", "clip-vision",
                "clip-text-projected"));
    }

    @Test
    void fullMapping() {
        Map<String, String> properties = Map.ofEntries(
                Map.entry("evaluate.set", "/data/dreambench"),
                Map.entry("evaluate.images-per-prompt", "2"),
                Map.entry("evaluate.seed", "42"),
                Map.entry("evaluate.resolution", "64"),
                Map.entry("evaluate.steps", "2"),
                Map.entry("evaluate.guidance", "3.5"),
                Map.entry("evaluate.references", "2"),
                Map.entry("evaluate.dino-model", "dino-vits16"),
                Map.entry("evaluate.clip-vision-model", "clip-b32-vision"),
                Map.entry("evaluate.clip-text-model", "clip-b32-text"));
        assertFullMapping(properties, EvaluateConfig::from, new EvaluateConfig("/data/dreambench", 2, 42, 64, 2, 3.5,
                2, "dino-vits16", "clip-b32-vision", "clip-b32-text"), "", Set.of());
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> EvaluateConfig.from(Fixtures.configValues("evaluate.resolution", "500")))
                .hasMessageContaining("'evaluate.resolution'").hasMessageContaining("multiple of 16");
        assertThatThrownBy(() -> EvaluateConfig.from(Fixtures.configValues("evaluate.references", "5")))
                .hasMessageContaining("'evaluate.references'").hasMessageContaining("at most 4");
        assertThatThrownBy(() -> EvaluateConfig.from(Fixtures.configValues("evaluate.images-per-prompt", "0")))
                .hasMessageContaining("'evaluate.images-per-prompt'");
    }
}
