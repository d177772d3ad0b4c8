package io.unosynth.core.pair;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * A generated (reference, target) pair: the two halves of one diptych, with everything needed to reproduce it.
 * Images are stored once, here, as PNG bytes; later stages (filter, score, select) write small tables keyed by
 * {@link #pairId}.
 *
 * @param pairId stable id; for a single-subject pair the plan id it was rendered from
 * @param schedule the timestep schedule variant ({@code flux} or {@code uno-inference})
 * @param models the models used, with checksums, e.g. {@code flux=sha256:ab12..;vae-decoder=sha256:...}
 */
public record PairRow(
        String pairId,
        String planId,
        int categoryId,
        String category,
        String subject,
        String scene,
        String prompt,
        long seed,
        int steps,
        double guidance,
        String schedule,
        String models,
        byte[] referencePng,
        int referenceWidth,
        int referenceHeight,
        byte[] targetPng,
        int targetWidth,
        int targetHeight) implements Serializable {

    public PairRow {
        requireNonNull(pairId, "pairId is null");
        requireNonNull(planId, "planId is null");
        requireNonNull(category, "category is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(scene, "scene is null");
        requireNonNull(prompt, "prompt is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(models, "models is null");
        requireNonNull(referencePng, "referencePng is null");
        requireNonNull(targetPng, "targetPng is null");
    }
}
