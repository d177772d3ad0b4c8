package io.unosynth.core.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.config.ConfigEntry;
import io.unosynth.core.config.UnosynthConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which setting changes which stage's config hash, as the stage graph declares it: the README's growth table.
 * Settings that only widen the work or say how it runs change no hash; a result-changing setting changes its
 * stage's hash and every stage downstream.
 */
class TestStageConfigHashes {
    private static final List<String> FROM_PLAN = List.of("plan", "generate", "filter", "score", "select", "export",
            "expand", "score-sets", "encode", "encode-sets");
    private static final List<String> FROM_GENERATE = FROM_PLAN.subList(1, FROM_PLAN.size());
    private static final List<String> FROM_FILTER = FROM_PLAN.subList(2, FROM_PLAN.size());
    private static final List<String> FROM_SCORE = FROM_PLAN.subList(3, FROM_PLAN.size());
    private static final List<String> FROM_SELECT = FROM_PLAN.subList(4, FROM_PLAN.size());

    static Stream<Arguments> settings() {
        return Stream.of(
                // Widening the work: new shards, no hash changes.
                Arguments.of("taxonomy.categories", "1,2,3", List.of()),
                Arguments.of("plan.subjects-per-category", "100", List.of()),
                Arguments.of("generate.max-pairs-per-category", "4", List.of()),
                // How the work runs.
                Arguments.of("judge.base-url", "http://other:9000/v1", List.of()),
                Arguments.of("judge.max-concurrent-requests", "2", List.of()),
                Arguments.of("judge.request-timeout", "5s", List.of()),
                Arguments.of("run.partitions", "3", List.of()),
                Arguments.of("run.max-failed-fraction", "0.5", List.of()),
                Arguments.of("run.output", "/tmp/elsewhere", List.of()),
                // Results.
                Arguments.of("run.seed", "7", FROM_PLAN),
                Arguments.of("plan.scenes-per-subject", "4", FROM_PLAN),
                Arguments.of("plan.subjects-per-shard", "10", FROM_PLAN),
                Arguments.of("plan.max-subject-words", "6", FROM_PLAN),
                Arguments.of("generate.steps", "8", FROM_GENERATE),
                Arguments.of("generate.pairs-per-shard", "4", FROM_GENERATE),
                Arguments.of("models.flux.location", "/models/flux", FROM_GENERATE),
                Arguments.of("filter.low", "0.1", FROM_FILTER),
                Arguments.of("models.dino.location", "/models/dino", List.of("filter", "score", "select", "export",
                        "expand", "score-sets", "encode", "encode-sets")),
                Arguments.of("judge.model", "other-judge", FROM_SCORE),
                Arguments.of("judge.max-answer-attempts", "5", FROM_SCORE),
                Arguments.of("judge.temperature", "0.1", FROM_SCORE),
                Arguments.of("judge.max-tokens", "512", FROM_SCORE),
                Arguments.of("select.min-final-score", "4.0", FROM_SELECT),
                Arguments.of("expand.max-subjects", "3", List.of("expand", "score-sets", "encode-sets")),
                Arguments.of("models.owl.location", "/models/owl", List.of("expand", "score-sets", "encode-sets")),
                Arguments.of("models.s2i.location", "/models/stage-1", List.of("expand", "score-sets", "encode-sets")),
                Arguments.of("models.vae-encoder.location", "/models/vae-encoder", List.of("expand", "score-sets",
                        "encode", "encode-sets")),
                Arguments.of("encode.resolution", "256", List.of("encode", "encode-sets")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void aSettingChangesTheHashOfExactlyTheStagesItAffects(String key, String value, List<String> changed) {
        Map<String, String> base = new LinkedHashMap<>(Map.of("run.output", "/tmp/run",
                "judge.base-url", "http://judge:8000/v1", "judge.model", "judge", "taxonomy.categories", "1"));
        Map<String, String> other = new LinkedHashMap<>(base);
        other.put(key, value);
        Map<String, String> before = hashes(load(base));
        Map<String, String> after = hashes(load(other));

        assertThat(StageGraph.UNO.names().stream().filter(stage -> !before.get(stage).equals(after.get(stage))))
                .as("stages whose config hash %s=%s changes", key, value)
                .containsExactlyElementsOf(changed);
    }

    private static Map<String, String> hashes(UnosynthConfig config) {
        Map<String, String> hashes = new LinkedHashMap<>();
        StageGraph.UNO.names().forEach(stage -> hashes.put(stage, StageGraph.UNO.configHash(stage, config)));
        return hashes;
    }

    private static UnosynthConfig load(Map<String, String> settings) {
        List<ConfigEntry> entries = new ArrayList<>();
        settings.forEach((k, v) -> entries.add(new ConfigEntry(k, v, "test")));
        return UnosynthConfig.load(List.of(), entries);
    }
}
