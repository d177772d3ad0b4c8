package io.unosynth.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the defaults and the full key mapping of the encode config. */
class TestEncodeConfig {
    @Test
    void defaults() {
        assertThat(UnosynthConfig.defaults().encode()).isEqualTo(new EncodeConfig(512, 0.0));
    }

    @Test
    void fullMapping() {
        Map<String, String> values = Map.of("encode.resolution", "1024", "encode.task-gpus", "0.5");
        assertThat(UnosynthConfig.bind(ConfigValues.of(values)).encode()).isEqualTo(new EncodeConfig(1024, 0.5));
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> EncodeConfig.from(ConfigValues.of(Map.of("encode.resolution", "500"))))
                .hasMessageContaining("encode.resolution");
        assertThatThrownBy(() -> EncodeConfig.from(ConfigValues.of(Map.of("encode.task-gpus", "-1"))))
                .hasMessageContaining("encode.task-gpus");
    }

    @Test
    void theShippedPropertiesFileSetsExactlyTheDefaults() {
        UnosynthConfig shipped = UnosynthConfig.load(List.of(Path.of("..", "conf", "unosynth.properties")), List.of());
        assertThat(shipped.encode()).isEqualTo(UnosynthConfig.defaults().encode());
    }
}
