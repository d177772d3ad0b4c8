package io.unosynth.core.plan;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * One planned sample: a subject of a category in one scene, the diptych prompt that will render it, and its seed.
 *
 * @param planId stable id, e.g. {@code c0007-subj012-scn03} (category, subject index, scene index)
 * @param seed per-sample seed, derived from the run seed and the ids alone (never from execution order)
 * @param backend who wrote subject and scene, e.g. {@code template-v1} or {@code llm:qwen2.5-72b}
 */
public record PlanRow(
        String planId,
        int categoryId,
        String categoryName,
        int subjectIndex,
        String subject,
        int sceneIndex,
        String scene,
        String prompt,
        long seed,
        String backend) implements Serializable {

    public PlanRow {
        requireNonNull(planId, "planId is null");
        requireNonNull(categoryName, "categoryName is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(scene, "scene is null");
        requireNonNull(prompt, "prompt is null");
        requireNonNull(backend, "backend is null");
    }

    public static String planId(int categoryId, int subjectIndex, int sceneIndex) {
        return String.format("c%04d-subj%03d-scn%02d", categoryId, subjectIndex, sceneIndex);
    }
}
