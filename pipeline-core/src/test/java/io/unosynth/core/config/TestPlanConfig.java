package io.unosynth.core.config;

import static io.unosynth.core.config.ConfigAssertions.assertDefaults;
import static io.unosynth.core.config.ConfigAssertions.assertFullMapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unosynth.core.Fixtures;
import io.unosynth.core.config.PlanConfig.PlanBackendKind;
import io.unosynth.core.error.ValidationException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestPlanConfig {
    @Test
    void defaults() {
        assertDefaults(PlanConfig::from,
                new PlanConfig(PlanBackendKind.TEMPLATE, 50, 8, 12, 77, 50, "", 0.8, 3));
    }

    @Test
    void fullMapping() {
        Map<String, String> properties = Map.of(
                "plan.backend", "llm",
                "plan.subjects-per-category", "20",
                "plan.scenes-per-subject", "4",
                "plan.max-subject-words", "9",
                "plan.max-scene-tokens", "60",
                "plan.subjects-per-shard", "7",
                "plan.prompt-template-file", "/conf/prompt.txt",
                "plan.dedup-similarity", "0.65",
                "plan.max-answer-attempts", "5");
        assertFullMapping(properties, PlanConfig::from,
                new PlanConfig(PlanBackendKind.LLM, 20, 4, 9, 60, 7, "/conf/prompt.txt", 0.65, 5), "", Set.of());
    }

    @Test
    void backendNamesAreCaseInsensitive() {
        assertThat(PlanConfig.from(Fixtures.configValues("plan.backend", "Template")).backend())
                .isEqualTo(PlanBackendKind.TEMPLATE);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "plan.subjects-per-category, 0, expected an integer >= 1",
            "plan.scenes-per-subject, -1, expected an integer >= 1",
            "plan.max-subject-words, 0, expected an integer >= 1",
            "plan.max-scene-tokens, 7, expected an integer >= 8",
            "plan.subjects-per-shard, 0, expected an integer >= 1",
            "plan.max-answer-attempts, 0, expected an integer >= 1",
            "plan.dedup-similarity, 1.01, 'expected a number in [0.0, 1.0]'",
            "plan.dedup-similarity, -0.1, 'expected a number in [0.0, 1.0]'",
            "plan.dedup-similarity, NaN, 'expected a number in [0.0, 1.0]'",
            "plan.subjects-per-category, 2.5, expected an integer",
            "plan.subjects-per-category, 99999999999, expected an integer",
            "plan.dedup-similarity, high, expected a number",
    })
    void outOfRangeAndWrongTypeValuesNameTheKey(String key, String value, String rule) {
        assertThatThrownBy(() -> PlanConfig.from(Fixtures.configValues(key, value)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("Invalid config key '%s' (--set): %s, found '%s'", key, rule, value);
    }

    @Test
    void boundaryValuesAreAccepted() {
        PlanConfig config = Fixtures.planConfig("plan.max-scene-tokens", "8", "plan.dedup-similarity", "1",
                "plan.subjects-per-shard", "1");
        assertThat(config.maxSceneTokens()).isEqualTo(8);
        assertThat(config.dedupSimilarity()).isEqualTo(1.0);
        assertThat(Fixtures.planConfig("plan.dedup-similarity", "0").dedupSimilarity()).isZero();
    }

    @ParameterizedTest(name = "{0} subjects, {1} per shard -> {2} shards")
    @CsvSource({"50, 50, 1", "50, 20, 3", "50, 25, 2", "50, 51, 1", "1, 1, 1", "50, 1, 50"})
    void shardsPerCategoryRoundsUp(int subjects, int perShard, int shards) {
        PlanConfig config = Fixtures.planConfig("plan.subjects-per-category", Integer.toString(subjects),
                "plan.subjects-per-shard", Integer.toString(perShard));
        assertThat(config.shardsPerCategory()).isEqualTo(shards);
    }
}
