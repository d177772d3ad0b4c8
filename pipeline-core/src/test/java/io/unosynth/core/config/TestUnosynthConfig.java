package io.unosynth.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.unosynth.core.Fixtures;
import io.unosynth.core.config.PlanConfig.PlanBackendKind;
import io.unosynth.core.error.PipelineErrorCode;
import io.unosynth.core.error.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loading files and overrides: precedence, pass-through, and errors that name key and file:line. */
class TestUnosynthConfig {
    @TempDir
    Path tempDir;

    @Test
    void defaultsAreTheRecordDefaults() {
        UnosynthConfig config = UnosynthConfig.defaults();
        assertThat(config.run()).isEqualTo(RunConfig.from(new ConfigValues(List.of())));
        assertThat(config.taxonomy()).isEqualTo(new TaxonomyConfig("", List.of(), ""));
        assertThat(config.plan()).isEqualTo(PlanConfig.from(new ConfigValues(List.of())));
        assertThat(config.llm()).isEqualTo(ChatEndpointConfig.from(new ConfigValues(List.of()), "llm"));
        assertThat(config.sparkProperties()).isEmpty();
        assertThat(UnosynthConfig.load(List.of(), List.of())).isEqualTo(config);
    }

    @Test
    void fileWithCommentsBlankLinesAndSpacing() {
        Path file = Fixtures.writeLines(tempDir, "a.properties",
                "# a comment",
                "",
                "   run.seed=11   ",
                "run.output = C:\\data\\runs # taken literally",
                "llm.base-url = https://host/v1?x=a=b",
                "llm.model = m");
        UnosynthConfig config = UnosynthConfig.load(List.of(file), List.of());
        assertThat(config.run().seed()).isEqualTo(11);
        assertThat(config.run().output()).isEqualTo("C:\\data\\runs # taken literally");
        assertThat(config.llm().baseUrl()).isEqualTo("https://host/v1?x=a=b");
    }

    @Test
    void overridesWinOverFilesAndLaterFilesOverEarlierOnes() {
        Path first = Fixtures.writeLines(tempDir, "first.properties",
                "run.seed = 1",
                "plan.scenes-per-subject = 3",
                "run.output = first",
                "plan.max-scene-tokens = 5");
        Path second = Fixtures.writeLines(tempDir, "second.properties",
                "run.seed = 2",
                "run.output = second",
                "plan.max-scene-tokens = 50");
        UnosynthConfig config = UnosynthConfig.load(List.of(first, second),
                List.of(ConfigFiles.override("run.seed=3"), ConfigFiles.override(" plan.backend = template ")));
        assertThat(config.run().seed()).as("--set beats both files").isEqualTo(3);
        assertThat(config.run().output()).as("the later file beats the earlier").isEqualTo("second");
        assertThat(config.plan().scenesPerSubject()).as("kept from the only file setting it").isEqualTo(3);
        assertThat(config.plan().maxSceneTokens()).as("an invalid value overridden later is never bound")
                .isEqualTo(50);

        assertThatThrownBy(() -> UnosynthConfig.load(List.of(second, first), List.of()))
                .as("in the other order the invalid value wins, and its own file and line are named")
                .hasMessage("Invalid config key 'plan.max-scene-tokens' (" + first + ":4): expected an integer >= 8,"
                        + " found '5'");
        UnosynthConfig reversed = UnosynthConfig.load(List.of(second, first),
                List.of(ConfigFiles.override("plan.max-scene-tokens=40")));
        assertThat(reversed.run().seed()).isEqualTo(1);
        assertThat(reversed.run().output()).isEqualTo("first");
    }

    @Test
    void errorOfAnOverriddenKeyNamesTheWinningOrigin() {
        Path first = Fixtures.writeLines(tempDir, "first.properties", "run.seed = 1");
        Path second = Fixtures.writeLines(tempDir, "second.properties", "", "run.seed = two");
        assertThatThrownBy(() -> UnosynthConfig.load(List.of(first, second), List.of()))
                .hasMessage("Invalid config key 'run.seed' (" + second + ":2): expected a 64-bit integer, found 'two'");
        assertThatThrownBy(() -> UnosynthConfig.load(List.of(first), List.of(ConfigFiles.override("run.seed=x"))))
                .hasMessage("Invalid config key 'run.seed' (--set): expected a 64-bit integer, found 'x'");
    }

    @Test
    void sparkKeysPassThrough() {
        Path file = Fixtures.writeLines(tempDir, "spark.properties",
                "spark.executor.memory = 4g",
                "spark.sql.shuffle.partitions = 8");
        UnosynthConfig config = UnosynthConfig.load(List.of(file),
                List.of(ConfigFiles.override("spark.sql.shuffle.partitions=16"),
                        ConfigFiles.override("spark.master=local[2]")));
        assertThat(config.sparkProperties()).containsExactly(
                Map.entry("spark.executor.memory", "4g"),
                Map.entry("spark.master", "local[2]"),
                Map.entry("spark.sql.shuffle.partitions", "16"));
    }

    @Test
    void sparkPropertiesIterateInKeyOrderSoToStringIsStable() {
        // toString feeds messages and may feed hashes: it must not change from one JVM to the next.
        List<ConfigEntry> overrides = new ArrayList<>();
        // Scrambled names: Map.copyOf iterates in a per-JVM random order, sorted only by chance for few keys.
        for (int i = 40; i > 0; i--) {
            overrides.add(ConfigFiles.override("spark.k" + Integer.toHexString(i * 0x9E3779B1) + "=" + i));
        }
        UnosynthConfig config = UnosynthConfig.load(List.of(), overrides);
        assertThat(List.copyOf(config.sparkProperties().keySet())).isSorted();
        assertThat(List.copyOf(Fixtures.roundTripSerialize(config).sparkProperties().keySet())).isSorted();
    }

    @Test
    void llmBackendWithoutEndpointFailsNamingTheKeys() {
        assertThatThrownBy(() -> UnosynthConfig.load(List.of(), List.of(ConfigFiles.override("plan.backend=llm"))))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Invalid config: plan.backend = llm needs llm.base-url and llm.model");

        UnosynthConfig config = UnosynthConfig.load(List.of(), List.of(
                ConfigFiles.override("plan.backend=llm"),
                ConfigFiles.override("llm.base-url=http://127.0.0.1:8000/v1"),
                ConfigFiles.override("llm.model=qwen")));
        assertThat(config.plan().backend()).isEqualTo(PlanBackendKind.LLM);
        assertThat(config.llm().configured()).isTrue();
    }

    @Test
    void unknownKeyNamesFileLineAndNearestKey() {
        Path file = Fixtures.writeLines(tempDir, "typo.properties",
                "# typo below",
                "run.seed = 7",
                "plan.subjects-per-categroy = 10");
        assertThatThrownBy(() -> UnosynthConfig.load(List.of(file), List.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Unknown config key 'plan.subjects-per-categroy' (" + file + ":3); "
                        + "did you mean 'plan.subjects-per-category'?")
                .extracting(e -> ((ValidationException) e).code()).isEqualTo(PipelineErrorCode.INVALID_CONFIG);
    }

    @Test
    void unknownKeysUnderPrefixesAreCaughtToo() {
        assertThatThrownBy(() -> UnosynthConfig.load(List.of(), List.of(ConfigFiles.override("llm.base-ur=x"))))
                .hasMessage("Unknown config key 'llm.base-ur' (--set); did you mean 'llm.base-url'?");
    }

    @Test
    void unknownKeyFarFromEveryKnownKeyGetsNoHint() {
        assertThatThrownBy(() -> UnosynthConfig.load(List.of(),
                List.of(ConfigFiles.override("completely.unrelated.setting=1"))))
                .hasMessage("Unknown config key 'completely.unrelated.setting' (--set)");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "run.seed | 12abc | expected a 64-bit integer",
            "plan.subjects-per-category | many | expected an integer",
            "plan.max-scene-tokens | 3 | expected an integer >= 8",
            "plan.dedup-similarity | 2 | expected a number in [0.0, 1.0]",
            "llm.max-concurrent-requests | 0 | expected an integer >= 1",
            "llm.max-retries | -1 | expected an integer >= 0",
            "run.progress-interval | 5 minutes | expected a duration such as 500ms, 30s, 5m or 1h",
            "run.progress-interval | 1.5s | expected a duration such as 500ms, 30s, 5m or 1h",
            "run.progress-interval | -5s | expected a duration such as 500ms, 30s, 5m or 1h",
            "run.progress-interval | 10 | expected a duration such as 500ms, 30s, 5m or 1h",
            "run.progress-interval | 0s | expected a positive duration",
            "llm.request-timeout | 99999999999999999999s | expected a duration such as 500ms, 30s, 5m or 1h",
            "llm.backoff-max | 9999999999999999h | expected a duration such as 500ms, 30s, 5m or 1h",
            "plan.backend | gpt | expected one of [template, llm]",
    })
    void badValuesNameKeyFileAndLine(String key, String value, String rule) {
        Path file = Fixtures.writeLines(tempDir, "bad.properties", "# header", key + " = " + value);
        assertThatThrownBy(() -> UnosynthConfig.load(List.of(file), List.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Invalid config key '%s' (%s:2): %s, found '%s'", key, file, rule, value);
    }

    @Test
    void durationUnitsAndSpacing() {
        UnosynthConfig config = UnosynthConfig.load(List.of(), List.of(
                ConfigFiles.override("run.progress-interval=2 H"),
                ConfigFiles.override("llm.connect-timeout=1500ms")));
        assertThat(config.run().progressInterval()).isEqualTo(Duration.ofHours(2));
        assertThat(config.llm().connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void fileSavedWithAByteOrderMark() {
        // Windows editors may start UTF-8 files with U+FEFF; it must not become part of the first key.
        Path file = Fixtures.writeLines(tempDir, "bom.properties", "\uFEFFrun.seed = 5", "run.output = x");
        assertThat(UnosynthConfig.load(List.of(file), List.of()).run().seed()).isEqualTo(5);
    }

    @Test
    void malformedLineNamesFileAndLine() {
        Path file = Fixtures.writeLines(tempDir, "broken.properties", "run.seed = 1", "", "just-a-key");
        assertThatThrownBy(() -> UnosynthConfig.load(List.of(file), List.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Invalid line in " + file + ":3: expected 'key = value', found 'just-a-key'");

        Path noKey = Fixtures.writeLines(tempDir, "nokey.properties", "= value");
        assertThatThrownBy(() -> ConfigFiles.read(noKey))
                .hasMessage("Invalid line in " + noKey + ":1: expected 'key = value', found '= value'");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = tempDir.resolve("nope.properties");
        assertThatThrownBy(() -> UnosynthConfig.load(List.of(missing), List.of()))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Cannot read config file " + missing + ": no such file");
    }

    @Test
    void directoryInsteadOfFileIsNamed() {
        assertThatThrownBy(() -> ConfigFiles.read(tempDir))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("Cannot read config file " + tempDir + ": ");
    }

    @Test
    void readKeepsLineNumbersAsOrigins() throws Exception {
        Path file = Fixtures.writeLines(tempDir, "lines.properties", "# c", "a = 1", "", "b=2=3");
        assertThat(ConfigFiles.read(file)).containsExactly(
                new ConfigEntry("a", "1", file + ":2"),
                new ConfigEntry("b", "2=3", file + ":4"));
    }

    @Test
    void malformedOverride() {
        assertThatThrownBy(() -> ConfigFiles.override("run.seed"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Invalid --set 'run.seed': expected key=value");
        assertThatThrownBy(() -> ConfigFiles.override("=3"))
                .hasMessage("Invalid --set '=3': expected key=value");
        assertThat(ConfigFiles.override("run.output= ")).isEqualTo(new ConfigEntry("run.output", "", "--set"));
    }

    @Test
    void withTaxonomyReplacesOnlyTheSelection() {
        UnosynthConfig config = UnosynthConfig.defaults();
        TaxonomyConfig selection = config.taxonomy().withCategories(List.of("Person"));
        UnosynthConfig changed = config.withTaxonomy(selection);
        assertThat(changed.taxonomy()).isEqualTo(selection);
        assertThat(changed.run()).isEqualTo(config.run());
        assertThat(changed.plan()).isEqualTo(config.plan());
        assertThat(changed.llm()).isEqualTo(config.llm());
    }

    @Test
    void shippedConfigFileBindsToExactlyTheDefaults() {
        Path shipped = Path.of("..", "conf", "unosynth.properties");
        assumeTrue(Files.exists(shipped),
                "conf/unosynth.properties is not in this checkout");
        assertThat(UnosynthConfig.load(List.of(shipped), List.of())).isEqualTo(UnosynthConfig.defaults());
    }
}
