package io.unosynth.core.evaluate;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** The scores of one generated image: the evaluate stage's output row, one per (subject key, prompt, k). */
public record EvaluationMetricRow(String subjects, String prompt, int k, long seed, double dino, double clipI,
        double clipT) implements Serializable {
    public EvaluationMetricRow {
        requireNonNull(subjects, "subjects is null");
        requireNonNull(prompt, "prompt is null");
    }

    public static EvaluationMetricRow of(EvaluationSample sample, EvaluationScores scores) {
        return new EvaluationMetricRow(sample.prompt().subjectKey(), sample.prompt().prompt(), sample.k(),
                sample.seed(), scores.dino(), scores.clipI(), scores.clipT());
    }
}
