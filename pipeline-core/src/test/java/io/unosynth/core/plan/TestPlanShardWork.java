package io.unosynth.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.unosynth.core.Fixtures;
import io.unosynth.core.shard.CollectingEmitter;
import io.unosynth.core.config.PlanConfig;
import io.unosynth.core.taxonomy.Category;
import io.unosynth.core.taxonomy.Taxonomy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The plan stage's shard work, with the offline template backend and with a scripted one. */
class TestPlanShardWork {
    private static final long RUN_SEED = 20250402L;
    private static final PlanConfig DEFAULTS = Fixtures.planConfig();
    private static final PromptTemplate TEMPLATE = PromptTemplate.diptych();

    private static List<PlanRow> run(Category category, int shard, PlanConfig config, long seed) {
        return runRecording(category, shard, config, seed, new TemplatePlanBackend(config.dedupSimilarity())).rows();
    }

    private static CollectingEmitter<PlanRow> runRecording(Category category, int shard, PlanConfig config, long seed,
            PlanBackend backend) {
        CollectingEmitter<PlanRow> emitter = new CollectingEmitter<>();
        new PlanShardWork(category, shard, config, seed, backend, TEMPLATE, Runnable::run).run(emitter);
        return emitter;
    }

    @Test
    void oneShardCategoryGives50SubjectsTimes8Scenes() {
        CollectingEmitter<PlanRow> emitter = runRecording(Fixtures.CUP, 0, DEFAULTS, RUN_SEED,
                new TemplatePlanBackend(0.8));
        List<PlanRow> rows = emitter.rows();

        assertThat(rows).hasSize(400);
        assertThat(emitter.failures()).isEmpty();
        assertThat(emitter.inputs()).isEqualTo(1);
        assertThat(emitter.models()).containsExactly("template-v1");
        assertThat(rows.stream().map(PlanRow::subject).distinct()).hasSize(50);
        assertThat(rows.stream().map(PlanRow::scene)).hasSize(400);
    }

    @Test
    void rowsAreWellFormedAndWithinLimits() {
        for (Category category : List.of(Fixtures.CUP, Fixtures.MONITOR, Fixtures.PEN, Fixtures.PERSON)) {
            List<PlanRow> rows = run(category, 0, DEFAULTS, RUN_SEED);
            assertThat(rows).hasSize(400);
            for (int i = 0; i < rows.size(); i++) {
                PlanRow row = rows.get(i);
                int subjectIndex = i / 8;
                int sceneIndex = i % 8;
                assertThat(row.planId()).matches("c\\d{4}-subj\\d{3}-scn\\d{2}")
                        .isEqualTo(String.format("c%04d-subj%03d-scn%02d", category.id(), subjectIndex, sceneIndex));
                assertThat(row.categoryId()).isEqualTo(category.id());
                assertThat(row.categoryName()).isEqualTo(category.name());
                assertThat(row.subjectIndex()).isEqualTo(subjectIndex);
                assertThat(row.sceneIndex()).isEqualTo(sceneIndex);
                assertThat(TokenEstimate.words(row.subject())).as(row.subject()).isBetween(1, 12);
                assertThat(TokenEstimate.count(row.scene())).as(row.scene()).isBetween(1, 77);
                assertThat(row.subject()).as("names a noun of the category")
                        .containsAnyOf(category.nouns().toArray(String[]::new));
                assertThat(row.prompt()).isEqualTo(TEMPLATE.render(row.subject(), row.scene()));
                assertThat(row.backend()).isEqualTo("template-v1");
                assertThat(row.seed()).isNotNegative();
            }
            assertThat(rows).extracting(PlanRow::seed).doesNotHaveDuplicates();
            assertThat(rows).extracting(PlanRow::planId).doesNotHaveDuplicates();
        }
    }

    @Test
    void planIdHelper() {
        assertThat(PlanRow.planId(7, 12, 3)).isEqualTo("c0007-subj012-scn03");
    }

    @Test
    void sameSeedSameRowsOtherSeedOtherRows() {
        List<PlanRow> first = run(Fixtures.MONITOR, 0, DEFAULTS, RUN_SEED);
        assertThat(run(Fixtures.MONITOR, 0, DEFAULTS, RUN_SEED)).isEqualTo(first);
        List<PlanRow> other = run(Fixtures.MONITOR, 0, DEFAULTS, RUN_SEED + 1);
        assertThat(other).extracting(PlanRow::planId).isEqualTo(first.stream().map(PlanRow::planId).toList());
        assertThat(other).extracting(PlanRow::subject).isNotEqualTo(first.stream().map(PlanRow::subject).toList());
        assertThat(other).extracting(PlanRow::seed).doesNotContainAnyElementsOf(
                first.stream().map(PlanRow::seed).toList());
    }

    @Test
    void sampleSeedsDependOnIdsNotOnSharding() {
        PlanConfig sharded = Fixtures.planConfig("plan.subjects-per-shard", "20");
        List<PlanRow> whole = run(Fixtures.CUP, 0, DEFAULTS, RUN_SEED);
        List<PlanRow> slices = new ArrayList<>();
        for (int shard = 0; shard < sharded.shardsPerCategory(); shard++) {
            slices.addAll(run(Fixtures.CUP, shard, sharded, RUN_SEED));
        }
        assertThat(slices).extracting(PlanRow::planId).isEqualTo(whole.stream().map(PlanRow::planId).toList());
        assertThat(slices).extracting(PlanRow::seed).isEqualTo(whole.stream().map(PlanRow::seed).toList());
    }

    @Test
    void shardsSliceTheCategorysSubjectsExactlyOnce() {
        PlanConfig config = Fixtures.planConfig("plan.subjects-per-shard", "20");
        assertThat(config.shardsPerCategory()).isEqualTo(3);
        List<Integer> subjectIndexes = new ArrayList<>();
        List<Integer> rowsPerShard = new ArrayList<>();
        for (int shard = 0; shard < 3; shard++) {
            List<PlanRow> rows = run(Fixtures.PEN, shard, config, RUN_SEED);
            rowsPerShard.add(rows.size());
            rows.stream().map(PlanRow::subjectIndex).distinct().forEach(subjectIndexes::add);
        }
        assertThat(rowsPerShard).containsExactly(160, 160, 80);
        assertThat(subjectIndexes).containsExactlyElementsOf(IntStream.range(0, 50).boxed().toList());
    }

    @Test
    void templateSubjectsDoNotDependOnShardingAndStayDistinctAcrossShards() {
        PlanConfig small = Fixtures.planConfig("plan.subjects-per-shard", "10");
        List<String> sharded = new ArrayList<>();
        for (int shard = 0; shard < small.shardsPerCategory(); shard++) {
            run(Fixtures.PEN, shard, small, RUN_SEED).stream().map(PlanRow::subject).distinct().forEach(sharded::add);
        }
        List<String> whole = run(Fixtures.PEN, 0, DEFAULTS, RUN_SEED).stream().map(PlanRow::subject).distinct()
                .toList();

        assertThat(sharded).as("the same 50 subjects, in order").containsExactlyElementsOf(whole);
        assertThat(new SubjectDeduplicator(DEFAULTS.dedupSimilarity()).distinct(sharded)).hasSize(50);
    }

    @Test
    void noNearDuplicateSubjectsWithinACategory() {
        SubjectDeduplicator dedup = new SubjectDeduplicator(DEFAULTS.dedupSimilarity());
        // Every 13th built-in category plus the tricky names: slashes, acronyms, misspellings.
        List<Category> categories = new ArrayList<>();
        Taxonomy taxonomy = Taxonomy.objects365();
        for (int id = 1; id <= taxonomy.size(); id += 13) {
            categories.add(taxonomy.byId(id));
        }
        categories.addAll(List.of(Fixtures.MONITOR, Fixtures.PEN, taxonomy.byId(35), Fixtures.CUP));
        for (Category category : categories) {
            List<String> subjects = run(category, 0, DEFAULTS, RUN_SEED).stream()
                    .map(PlanRow::subject).distinct().toList();
            assertThat(subjects).as(category.name()).hasSize(50);
            assertThat(dedup.distinct(subjects)).as(category.name()).isEqualTo(subjects);
        }
    }

    @Test
    void smallLimitsAreRespected() {
        PlanConfig tight = Fixtures.planConfig("plan.max-subject-words", "3", "plan.max-scene-tokens", "12",
                "plan.subjects-per-category", "10", "plan.subjects-per-shard", "10", "plan.scenes-per-subject", "2");
        CollectingEmitter<PlanRow> emitter = runRecording(Fixtures.CUP, 0, tight, RUN_SEED, new TemplatePlanBackend(0.8));
        assertThat(emitter.rows()).isNotEmpty().allSatisfy(row -> {
            assertThat(TokenEstimate.words(row.subject())).isLessThanOrEqualTo(3);
            assertThat(TokenEstimate.count(row.scene())).isLessThanOrEqualTo(12);
        });
        assertThat(emitter.rows().size() + emitter.failures().getOrDefault("scene_missing", 0))
                .as("every scene slot is a row or a counted failure")
                .isEqualTo(2L * (10 - emitter.failures().getOrDefault("subject_missing", 0)));
    }

    @Test
    void shardIndexOutsideTheCategoryIsRejected() {
        assertThatThrownBy(() -> new PlanShardWork(Fixtures.CUP, 1, DEFAULTS, RUN_SEED, new TemplatePlanBackend(0.8),
                TEMPLATE, Runnable::run))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid shard index: 1 (category Cup has shards 0 to 0)");
        assertThatThrownBy(() -> new PlanShardWork(Fixtures.CUP, -1, DEFAULTS, RUN_SEED,
                new TemplatePlanBackend(0.8), TEMPLATE, Runnable::run))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void workFiltersWhatABackendGetsWrongAndCountsIt() {
        PlanConfig config = Fixtures.planConfig("plan.subjects-per-category", "4", "plan.subjects-per-shard", "4",
                "plan.scenes-per-subject", "2", "plan.max-subject-words", "3", "plan.max-scene-tokens", "8");
        ScriptedBackend backend = new ScriptedBackend(
                List.of("red mug", "The red mugs", "a far too long subject here", "blue bowl", "tiny cup", "extra"),
                List.of("on a beach", "this scene is much too long for eight tokens", "at dawn"));
        CollectingEmitter<PlanRow> emitter = runRecording(Fixtures.CUP, 0, config, 9L, backend);

        assertThat(emitter.rows()).extracting(PlanRow::planId, PlanRow::subject, PlanRow::scene).containsExactly(
                tuple("c0011-subj000-scn00", "red mug", "on a beach"),
                tuple("c0011-subj000-scn01", "red mug", "at dawn"),
                tuple("c0011-subj001-scn00", "blue bowl", "on a beach"),
                tuple("c0011-subj001-scn01", "blue bowl", "at dawn"),
                tuple("c0011-subj002-scn00", "tiny cup", "on a beach"),
                tuple("c0011-subj002-scn01", "tiny cup", "at dawn"),
                tuple("c0011-subj003-scn00", "extra", "on a beach"),
                tuple("c0011-subj003-scn01", "extra", "at dawn"));
        assertThat(emitter.failures()).isEqualTo(Map.of("llm_timeout", 5));
        assertThat(emitter.retryable()).as("a backend that calls no failure external keeps the shard final").isZero();
        assertThat(emitter.models()).containsExactly("scripted");
        assertThat(backend.subjectCalls).containsExactly("count=4 words=3 shard=0");
    }

    @Test
    void anExternalFailureKeepsTheShardButMarksItOnceForARerun() {
        PlanConfig config = Fixtures.planConfig("plan.subjects-per-category", "2", "plan.subjects-per-shard", "2",
                "plan.scenes-per-subject", "1");
        ScriptedBackend backend = new ScriptedBackend(List.of("red mug", "blue bowl"), List.of("on a beach")) {
            @Override
            public boolean external(String failureReason) {
                return failureReason.equals("llm_timeout");
            }
        };
        CollectingEmitter<PlanRow> emitter = runRecording(Fixtures.CUP, 0, config, 9L, backend);

        assertThat(emitter.rows()).hasSize(2);
        assertThat(emitter.failures()).containsEntry("llm_timeout", 3);
        assertThat(emitter.retryable()).as("the shard's one input, however many calls failed").isEqualTo(1);
    }

    @Test
    void blankScenesAreNotRows() {
        PlanConfig config = Fixtures.planConfig("plan.subjects-per-category", "1", "plan.subjects-per-shard", "1",
                "plan.scenes-per-subject", "3");
        ScriptedBackend backend = new ScriptedBackend(List.of("red mug"), List.of("on a beach", "", "  "));
        CollectingEmitter<PlanRow> emitter = runRecording(Fixtures.CUP, 0, config, 9L, backend);
        assertThat(emitter.rows()).extracting(PlanRow::scene).containsExactly("on a beach");
        assertThat(emitter.failures()).containsEntry("scene_missing", 2);
    }

    @Test
    void missingSubjectsAndScenesAreCounted() {
        PlanConfig config = Fixtures.planConfig("plan.subjects-per-category", "3", "plan.subjects-per-shard", "3",
                "plan.scenes-per-subject", "4");
        ScriptedBackend backend = new ScriptedBackend(List.of("red mug", "red mugs"), List.of("on a beach", "at dawn"));
        CollectingEmitter<PlanRow> emitter = runRecording(Fixtures.CUP, 0, config, 9L, backend);
        assertThat(emitter.rows()).hasSize(2);
        assertThat(emitter.failures()).containsEntry("subject_missing", 2).containsEntry("scene_missing", 2);
    }

    @Test
    void rowsComeOutInOrderWhateverOrderScenesFinishIn() throws Exception {
        PlanConfig config = Fixtures.planConfig("plan.subjects-per-category", "6", "plan.subjects-per-shard", "6",
                "plan.scenes-per-subject", "2");
        List<String> subjects = List.of("red mug", "blue bowl", "green tent", "tiny kite", "old lamp", "new sofa");
        // Earlier subjects answer later, so completion order is the reverse of subject order.
        ScriptedBackend backend = new ScriptedBackend(subjects, List.of("on a beach", "at dawn")) {
            @Override
            public List<String> scenes(Category category, String subject, int count, int maxTokens, long seed,
                    Consumer<String> failures) {
                sleep(10L * (subjects.size() - subjects.indexOf(subject)));
                return super.scenes(category, subject, count, maxTokens, seed, failures);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CollectingEmitter<PlanRow> emitter = new CollectingEmitter<>();
            new PlanShardWork(Fixtures.CUP, 0, config, 1L, backend, TEMPLATE, pool).run(emitter);
            assertThat(emitter.rows()).extracting(PlanRow::planId)
                    .isEqualTo(IntStream.range(0, 12).mapToObj(i -> PlanRow.planId(11, i / 2, i % 2)).toList());
            assertThat(emitter.rows()).extracting(PlanRow::subject).containsSequence("red mug", "red mug", "blue bowl");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void templateBackendGivesDistinctSubjectsPerSeedAndShard() {
        TemplatePlanBackend backend = new TemplatePlanBackend(0.8);
        assertThat(backend.id()).isEqualTo("template-v1");
        assertThat(backend.concurrent()).isFalse();
        List<String> subjects = backend.subjects(Fixtures.PEN, 0, 50, 12, 5L, reason -> {
            throw new AssertionError("no failure expected: " + reason);
        });
        assertThat(subjects).hasSize(50).doesNotHaveDuplicates();
        assertThat(backend.subjects(Fixtures.PEN, 0, 50, 12, 5L, reason -> { })).isEqualTo(subjects);
        assertThat(backend.scenes(Fixtures.PEN, "red pen", 8, 77, 5L, reason -> { })).hasSize(8)
                .allSatisfy(scene -> assertThat(scene).startsWith("a ").contains(" photo of it "));
    }

    @Test
    void builtInCategoriesGetFullSubjectsWithinTwelveWords() {
        TemplatePlanBackend backend = new TemplatePlanBackend(0.8);
        Set<Integer> shortCategories = new HashSet<>();
        // Long nouns ("skating and skiing shoes") push subjects past the limit; every 10th category for the rest.
        List<Category> categories = Taxonomy.objects365().all().stream()
                .filter(c -> c.id() % 10 == 0 || c.nouns().stream().anyMatch(noun -> TokenEstimate.words(noun) >= 3))
                .toList();
        assertThat(categories).extracting(Category::name).contains("Skating and Skiing shoes");
        for (Category category : categories) {
            List<String> subjects = backend.subjects(category, 0, 50, 12, Seeds.derive(RUN_SEED, 1, category.id(), 0),
                    reason -> { });
            if (subjects.size() < 50 || subjects.stream().anyMatch(s -> TokenEstimate.words(s) > 12)) {
                shortCategories.add(category.id());
            }
        }
        assertThat(shortCategories).isEmpty();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A backend answering fixed lists, reporting one failure per call, like a flaky remote model. */
    private static class ScriptedBackend implements PlanBackend {
        final List<String> subjectCalls = new ArrayList<>();
        private final List<String> subjects;
        private final List<String> scenes;

        ScriptedBackend(List<String> subjects, List<String> scenes) {
            this.subjects = subjects;
            this.scenes = scenes;
        }

        @Override
        public String id() {
            return "scripted";
        }

        @Override
        public List<String> subjects(Category category, int shardIndex, int count, int maxWords, long seed,
                Consumer<String> failures) {
            synchronized (subjectCalls) {
                subjectCalls.add("count=" + count + " words=" + maxWords + " shard=" + shardIndex);
            }
            failures.accept("llm_timeout");
            return subjects;
        }

        @Override
        public List<String> scenes(Category category, String subject, int count, int maxTokens, long seed,
                Consumer<String> failures) {
            failures.accept("llm_timeout");
            return scenes;
        }
    }
}
