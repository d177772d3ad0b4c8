package io.unosynth.core.config;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * The plan stage: how many subjects and scenes, their limits, and who writes them.
 * Defaults follow UNO: 50 subjects of at most 12 words per category, 8 scenes of at most 77 tokens each.
 */
public record PlanConfig(
        PlanBackendKind backend,
        int subjectsPerCategory,
        int scenesPerSubject,
        int maxSubjectWords,
        int maxSceneTokens,
        int subjectsPerShard,
        String promptTemplateFile,
        double dedupSimilarity,
        int maxAnswerAttempts) implements Serializable {

    public static final String BACKEND = "plan.backend";
    public static final PlanBackendKind BACKEND_DEFAULT = PlanBackendKind.TEMPLATE;
    public static final String SUBJECTS_PER_CATEGORY = "plan.subjects-per-category";
    public static final int SUBJECTS_PER_CATEGORY_DEFAULT = 50;
    public static final String SCENES_PER_SUBJECT = "plan.scenes-per-subject";
    public static final int SCENES_PER_SUBJECT_DEFAULT = 8;
    public static final String MAX_SUBJECT_WORDS = "plan.max-subject-words";
    public static final int MAX_SUBJECT_WORDS_DEFAULT = 12;
    public static final String MAX_SCENE_TOKENS = "plan.max-scene-tokens";
    public static final int MAX_SCENE_TOKENS_DEFAULT = 77;
    public static final String SUBJECTS_PER_SHARD = "plan.subjects-per-shard";
    public static final int SUBJECTS_PER_SHARD_DEFAULT = 50;
    public static final String PROMPT_TEMPLATE_FILE = "plan.prompt-template-file";
    public static final String DEDUP_SIMILARITY = "plan.dedup-similarity";
    public static final double DEDUP_SIMILARITY_DEFAULT = 0.8;
    public static final String MAX_ANSWER_ATTEMPTS = "plan.max-answer-attempts";
    public static final int MAX_ANSWER_ATTEMPTS_DEFAULT = 3;

    public PlanConfig {
        requireNonNull(backend, "backend is null");
        requireNonNull(promptTemplateFile, "promptTemplateFile is null");
    }

    public static PlanConfig from(ConfigValues values) {
        return new PlanConfig(
                values.enumValue(BACKEND, PlanBackendKind.class, BACKEND_DEFAULT),
                values.intAtLeast(SUBJECTS_PER_CATEGORY, SUBJECTS_PER_CATEGORY_DEFAULT, 1),
                values.intAtLeast(SCENES_PER_SUBJECT, SCENES_PER_SUBJECT_DEFAULT, 1),
                values.intAtLeast(MAX_SUBJECT_WORDS, MAX_SUBJECT_WORDS_DEFAULT, 1),
                values.intAtLeast(MAX_SCENE_TOKENS, MAX_SCENE_TOKENS_DEFAULT, 8),
                values.intAtLeast(SUBJECTS_PER_SHARD, SUBJECTS_PER_SHARD_DEFAULT, 1),
                values.string(PROMPT_TEMPLATE_FILE, ""),
                values.doubleIn(DEDUP_SIMILARITY, DEDUP_SIMILARITY_DEFAULT, 0.0, 1.0),
                values.intAtLeast(MAX_ANSWER_ATTEMPTS, MAX_ANSWER_ATTEMPTS_DEFAULT, 1));
    }

    /** Shards per category: subjects are cut into runs of {@link #subjectsPerShard}. */
    public int shardsPerCategory() {
        return (subjectsPerCategory + subjectsPerShard - 1) / subjectsPerShard;
    }

    public enum PlanBackendKind {
        /** Deterministic offline templates; the embedded default. */
        TEMPLATE,
        /** An LLM behind an OpenAI-compatible chat-completions endpoint ({@code llm.*} keys). */
        LLM
    }
}
