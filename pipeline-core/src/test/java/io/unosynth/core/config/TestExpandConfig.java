package io.unosynth.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ExpandConfig.ReferenceKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the defaults and the full key mapping of the expand config. */
class TestExpandConfig {
    @Test
    void defaults() {
        assertThat(UnosynthConfig.defaults().expand()).isEqualTo(new ExpandConfig(2, 0.1, 0.02, 0.5, 4.0, 0.3, 0.5,
                List.of(), 0.1, 32, ReferenceKind.REGENERATE, "s2i", "owl", "dino", 512, 25, 4.0, 0.4, 0.98, "", 0.0));
        assertThat(UnosynthConfig.defaults().models().require("s2i").location()).isEqualTo("demo:flux");
    }

    @Test
    void fullMapping() {
        Map<String, String> values = Map.ofEntries(
                Map.entry("expand.max-subjects", "4"),
                Map.entry("expand.min-score", "0.2"),
                Map.entry("expand.min-area-fraction", "0.05"),
                Map.entry("expand.max-area-fraction", "0.4"),
                Map.entry("expand.max-aspect", "3"),
                Map.entry("expand.subject-iou", "0.2"),
                Map.entry("expand.nms-iou", "0.6"),
                Map.entry("expand.vocabulary", "teapot, vase"),
                Map.entry("expand.crop-margin", "0.2"),
                Map.entry("expand.min-crop-side", "64"),
                Map.entry("expand.reference", "crop"),
                Map.entry("expand.s2i-model", "uno-stage1"),
                Map.entry("expand.detector-model", "owl-large"),
                Map.entry("expand.embedder-model", "dino-large"),
                Map.entry("expand.size", "320"),
                Map.entry("expand.steps", "20"),
                Map.entry("expand.guidance", "3.5"),
                Map.entry("expand.similarity-low", "0.5"),
                Map.entry("expand.similarity-high", "0.95"),
                Map.entry("expand.prompt-template-file", "conf/prompts/object-studio.txt"),
                Map.entry("expand.task-gpus", "0.5"));
        assertThat(UnosynthConfig.bind(ConfigValues.of(values)).expand()).isEqualTo(new ExpandConfig(4, 0.2, 0.05,
                0.4, 3.0, 0.2, 0.6, List.of("teapot", "vase"), 0.2, 64, ReferenceKind.CROP, "uno-stage1", "owl-large",
                "dino-large", 320, 20, 3.5, 0.5, 0.95, "conf/prompts/object-studio.txt", 0.5));
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> ExpandConfig.from(ConfigValues.of(Map.of("expand.max-subjects", "5"))))
                .hasMessageContaining("expand.max-subjects");
        assertThatThrownBy(() -> ExpandConfig.from(ConfigValues.of(Map.of("expand.reference", "copy"))))
                .hasMessageContaining("expand.reference").hasMessageContaining("regenerate");
        assertThatThrownBy(() -> ExpandConfig.from(ConfigValues.of(Map.of("expand.size", "100"))))
                .hasMessageContaining("expand.size");
        assertThatThrownBy(() -> ExpandConfig.from(ConfigValues.of(Map.of("expand.similarity-low", "0.9",
                "expand.similarity-high", "0.5")))).hasMessageContaining("expand.similarity-low");
    }

    @Test
    void theShippedPropertiesFileSetsExactlyTheDefaults() {
        UnosynthConfig shipped = UnosynthConfig.load(List.of(Path.of("..", "conf", "unosynth.properties")), List.of());
        assertThat(shipped.expand()).isEqualTo(UnosynthConfig.defaults().expand());
        assertThat(shipped.models().require("s2i")).isEqualTo(UnosynthConfig.defaults().models().require("s2i"));
    }
}
