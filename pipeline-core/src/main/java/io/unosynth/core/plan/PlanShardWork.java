package io.unosynth.core.plan;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.PlanConfig;
import io.unosynth.core.shard.ShardEmitter;
import io.unosynth.core.shard.ShardWork;
import io.unosynth.core.taxonomy.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The plan stage's work for one shard: subjects {@code [shard * subjectsPerShard, ...)} of one category, each with
 * its scenes, each pair rendered into the diptych prompt with its own seed. Rows come out in (subject, scene)
 * order whatever order remote calls finish in.
 */
public final class PlanShardWork implements ShardWork<PlanRow> {
    static final long SUBJECT_STREAM = 1;
    static final long SCENE_STREAM = 2;
    static final long SAMPLE_STREAM = 3;

    private final Category category;
    private final int shardIndex;
    private final PlanConfig config;
    private final long runSeed;
    private final PlanBackend backend;
    private final PromptTemplate template;
    private final Executor executor;

    /** @param executor runs scene requests; a direct executor for local backends, a pool for remote ones */
    public PlanShardWork(Category category, int shardIndex, PlanConfig config, long runSeed, PlanBackend backend,
            PromptTemplate template, Executor executor) {
        this.category = requireNonNull(category, "category is null");
        this.config = requireNonNull(config, "config is null");
        // Out of range, the slice below is empty (a silently empty shard) or negative.
        checkArgument(shardIndex >= 0 && shardIndex < config.shardsPerCategory(),
                "Invalid shard index: %s (category %s has shards 0 to %s)", shardIndex, category.name(),
                config.shardsPerCategory() - 1);
        this.shardIndex = shardIndex;
        this.runSeed = runSeed;
        this.backend = requireNonNull(backend, "backend is null");
        this.template = requireNonNull(template, "template is null");
        this.executor = requireNonNull(executor, "executor is null");
    }

    /**
     * This shard's subjects. A repeatable backend writes the category's list from one category-level seed and each
     * shard keeps its slice, so near-duplicates are removed across the whole category however it is sharded. A
     * remote backend is asked for this shard's batch only (its answers are not repeatable); near-duplicates are then
     * removed within the shard.
     */
    private List<String> subjects(int first, int wanted, Consumer<String> failures) {
        boolean whole = backend.repeatable();
        int count = whole ? first + wanted : wanted;
        long seed = whole
                ? Seeds.derive(runSeed, SUBJECT_STREAM, category.id())
                : Seeds.derive(runSeed, SUBJECT_STREAM, category.id(), shardIndex);
        List<String> distinct = new SubjectDeduplicator(config.dedupSimilarity()).distinct(
                backend.subjects(category, shardIndex, count, config.maxSubjectWords(), seed, failures)
                        .stream()
                        .filter(s -> TokenEstimate.words(s) <= config.maxSubjectWords())
                        .toList());
        int from = whole ? Math.min(first, distinct.size()) : 0;
        return distinct.subList(from, Math.min(from + wanted, distinct.size()));
    }

    @Override
    public void run(ShardEmitter<PlanRow> emitter) {
        emitter.countInput(1);
        Consumer<String> failures = externalMarksTheShard(emitter);
        emitter.useModel(backend.id());
        int first = shardIndex * config.subjectsPerShard();
        int wanted = Math.min(config.subjectsPerShard(), config.subjectsPerCategory() - first);
        List<String> subjects = subjects(first, wanted, failures);
        for (int missing = wanted - subjects.size(); missing > 0; missing--) {
            emitter.countFailure("subject_missing");
        }

        List<CompletableFuture<List<String>>> scenes = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            String subject = subjects.get(i);
            long sceneSeed = Seeds.derive(runSeed, SCENE_STREAM, category.id(), first + i);
            scenes.add(CompletableFuture.supplyAsync(() -> backend.scenes(category, subject,
                    config.scenesPerSubject(), config.maxSceneTokens(), sceneSeed, failures), executor));
        }
        for (int i = 0; i < subjects.size(); i++) {
            int subjectIndex = first + i;
            List<String> subjectScenes = scenes.get(i).join().stream()
                    .map(String::strip)
                    .filter(s -> !s.isEmpty() && TokenEstimate.count(s) <= config.maxSceneTokens())
                    .limit(config.scenesPerSubject())
                    .toList();
            for (int missing = config.scenesPerSubject() - subjectScenes.size(); missing > 0; missing--) {
                emitter.countFailure("scene_missing");
            }
            for (int j = 0; j < subjectScenes.size(); j++) {
                String subject = subjects.get(i);
                String scene = subjectScenes.get(j);
                emitter.emit(new PlanRow(PlanRow.planId(category.id(), subjectIndex, j), category.id(),
                        category.name(), subjectIndex, subject, j, scene, template.render(subject, scene),
                        Seeds.derive(runSeed, SAMPLE_STREAM, category.id(), subjectIndex, j), backend.id()));
            }
        }
    }

    /**
     * Counts every failure; the first external one (the endpoint, not the answer) marks the shard's one input as
     * retryable, so the shard is kept but not final and a rerun plans it again.
     */
    private Consumer<String> externalMarksTheShard(ShardEmitter<PlanRow> emitter) {
        AtomicBoolean marked = new AtomicBoolean();
        return reason -> {
            emitter.countFailure(reason);
            if (backend.external(reason) && marked.compareAndSet(false, true)) {
                emitter.markRetryable();
            }
        };
    }
}
