package io.unosynth.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the defaults and the full key mapping of the filter, judge and select configs. */
class StageConfigTest {
    @Test
    void defaults() {
        UnosynthConfig config = UnosynthConfig.defaults();
        assertThat(config.filter()).isEqualTo(new FilterConfig(0.5, 0.98, "dino"));
        assertThat(config.select()).isEqualTo(new SelectConfig(3.5, false));
        JudgeConfig judge = config.judge();
        assertThat(judge.configured()).isFalse();
        assertThat(judge.promptDir()).isEmpty();
        assertThat(judge.maxAnswerAttempts()).isEqualTo(3);
        assertThat(judge.endpoint()).isEqualTo(new ChatEndpointConfig("judge", "", "", "OPENAI_API_KEY", "",
                Duration.ofSeconds(10), Duration.ofSeconds(120), 4, Duration.ofSeconds(1), Duration.ofSeconds(30), 8,
                0.7, 2048));
    }

    @Test
    void fullMapping() {
        Map<String, String> values = Map.ofEntries(
                Map.entry("filter.low", "0.6"),
                Map.entry("filter.high", "0.95"),
                Map.entry("filter.embedder-model", "dinov2-base"),
                Map.entry("judge.base-url", "http://127.0.0.1:8000/v1/"),
                Map.entry("judge.model", "qwen2.5-vl-7b"),
                Map.entry("judge.max-concurrent-requests", "16"),
                Map.entry("judge.temperature", "0"),
                Map.entry("judge.prompt-dir", "conf/prompts"),
                Map.entry("judge.max-answer-attempts", "5"),
                Map.entry("select.min-final-score", "4.0"),
                Map.entry("select.include-unscored", "true"));
        UnosynthConfig config = UnosynthConfig.bind(ConfigValues.of(values));
        assertThat(config.filter()).isEqualTo(new FilterConfig(0.6, 0.95, "dinov2-base"));
        assertThat(config.select()).isEqualTo(new SelectConfig(4.0, true));
        assertThat(config.judge().configured()).isTrue();
        assertThat(config.judge().endpoint().baseUrl()).isEqualTo("http://127.0.0.1:8000/v1");
        assertThat(config.judge().endpoint().model()).isEqualTo("qwen2.5-vl-7b");
        assertThat(config.judge().endpoint().maxConcurrentRequests()).isEqualTo(16);
        assertThat(config.judge().endpoint().temperature()).isZero();
        assertThat(config.judge().promptDir()).isEqualTo("conf/prompts");
        assertThat(config.judge().maxAnswerAttempts()).isEqualTo(5);
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> UnosynthConfig.bind(ConfigValues.of(Map.of("select.min-final-score", "5"))))
                .hasMessageContaining("select.min-final-score").hasMessageContaining("[0.0, 4.0]");
        assertThatThrownBy(() -> UnosynthConfig.bind(ConfigValues.of(Map.of("judge.base-url", "http://h/v1"))))
                .hasMessageContaining("judge.base-url and judge.model");
        assertThatThrownBy(() -> UnosynthConfig.bind(ConfigValues.of(Map.of("judge.max-answer-attempt", "2"))))
                .hasMessageContaining("did you mean 'judge.max-answer-attempts'");
        assertThatThrownBy(() -> UnosynthConfig.bind(ConfigValues.of(Map.of("filter.embedder-model", " "))))
                .hasMessageContaining("filter.embedder-model");
    }

    @Test
    void theShippedPropertiesFileSetsExactlyTheDefaults() {
        UnosynthConfig shipped = UnosynthConfig.load(List.of(Path.of("..", "conf", "unosynth.properties")), List.of());
        UnosynthConfig defaults = UnosynthConfig.defaults();
        assertThat(shipped.filter()).isEqualTo(defaults.filter());
        assertThat(shipped.judge()).isEqualTo(defaults.judge());
        assertThat(shipped.select()).isEqualTo(defaults.select());
    }
}
