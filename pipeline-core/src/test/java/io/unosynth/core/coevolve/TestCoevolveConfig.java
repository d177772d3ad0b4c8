package io.unosynth.core.coevolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.config.ConfigFiles;
import io.unosynth.core.config.ConfigValues;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the defaults and the full key mapping of the coevolve config. */
class TestCoevolveConfig {
    @Test
    void defaults() {
        assertThat(CoevolveConfig.defaults()).isEqualTo(new CoevolveConfig(true, "dit", "model"));
    }

    @Test
    void fullMapping() {
        ConfigValues values = ConfigValues.of(Map.of("coevolve.handoff", "false", "coevolve.model-backend", "djl",
                "coevolve.model-dir", "served"));
        assertThat(CoevolveConfig.from(values)).isEqualTo(new CoevolveConfig(false, "djl", "served"));
        values.checkAllConsumed();
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> CoevolveConfig.from(ConfigValues.of(Map.of("coevolve.model-dir", "../x"))))
                .hasMessageContaining("coevolve.model-dir");
        assertThatThrownBy(() -> CoevolveConfig.from(ConfigValues.of(Map.of("coevolve.handoff", "maybe"))))
                .hasMessageContaining("coevolve.handoff");
    }

    @Test
    void theShippedPropertiesFileSetsExactlyTheDefaults() {
        ConfigValues shipped = new ConfigValues(ConfigFiles.read(Path.of("..", "conf", "coevolve.properties")));
        assertThat(CoevolveConfig.from(shipped)).isEqualTo(CoevolveConfig.defaults());
        shipped.checkAllConsumed();
    }
}
