package io.unosynth.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The effective settings are a config file: written out and read back, they bind to the same config. */
class EffectiveSettingsTest {
    @TempDir
    Path tmp;

    @Test
    void theDefaultsWrittenOutBindBackToTheDefaults() throws IOException {
        Map<String, String> settings = UnosynthConfig.effectiveSettings(List.of(), List.of());

        assertThat(settings).containsEntry("judge.base-url", "").containsEntry("judge.request-timeout", "2m")
                .containsEntry("plan.backend", "template").containsEntry("filter.high", "0.98")
                .containsEntry("models.flux.location", "demo:flux").doesNotContainKey("judge.endpoint.base-url");
        Path file = write(settings);
        assertThat(UnosynthConfig.load(List.of(file), List.of())).isEqualTo(UnosynthConfig.defaults());
        assertThat(UnosynthConfig.effectiveSettings(List.of(file), List.of())).isEqualTo(settings);
    }

    @Test
    void givenValuesKeepTheirSyntaxAndRoundTrip() throws IOException {
        List<ConfigEntry> overrides = List.of(ConfigFiles.override("taxonomy.categories=1, 5,Person"),
                ConfigFiles.override("judge.connect-timeout=1500ms"), ConfigFiles.override("run.progress-interval=2s"),
                ConfigFiles.override("models.dino.device=cpu"), ConfigFiles.override("spark.executor.memory=2g"),
                ConfigFiles.override("select.include-unscored=true"));
        UnosynthConfig config = UnosynthConfig.load(List.of(), overrides);

        Map<String, String> settings = UnosynthConfig.effectiveSettings(List.of(), overrides);

        assertThat(settings).containsEntry("judge.connect-timeout", "1500ms").containsEntry("models.dino.device", "cpu")
                .containsEntry("spark.executor.memory", "2g").containsEntry("taxonomy.categories", "1, 5,Person");
        assertThat(UnosynthConfig.load(List.of(write(settings)), List.of())).isEqualTo(config);
    }

    @Test
    void durationsAreWrittenInTheirLargestWholeUnit() {
        assertThat(ConfigValues.render(java.time.Duration.ofMinutes(120))).isEqualTo("2h");
        assertThat(ConfigValues.render(java.time.Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(ConfigValues.render(java.time.Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    private Path write(Map<String, String> settings) throws IOException {
        Path file = tmp.resolve("effective.properties");
        Files.writeString(file, settings.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
        return file;
    }
}
