package io.unosynth.core.evaluate;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;
import java.io.Serializable;
import java.util.List;

/**
 * One row of an evaluation set's prompts table: the subject(s) it is about (one for DreamBench, several for a
 * multi-subject set), the prompt the model under test gets (and CLIP-T scores against) and the subjects' class.
 */
public record EvaluationPrompt(List<String> subjects, String prompt, String subjectClass) implements Serializable {
    /** How a multi-subject row joins its subjects in {@code prompts.tsv} and in the metric rows' key. */
    public static final String SUBJECT_SEPARATOR = "+";

    public EvaluationPrompt {
        subjects = List.copyOf(subjects);
        requireNonNull(prompt, "prompt is null");
        requireNonNull(subjectClass, "subjectClass is null");
        Preconditions.checkArgument(!subjects.isEmpty(), "Invalid evaluation prompt '%s': no subject", prompt);
        Preconditions.checkArgument(!prompt.isBlank(), "Invalid evaluation prompt for %s: empty", subjects);
    }

    /** The subjects joined by {@value #SUBJECT_SEPARATOR}: the unit the stage shards and aggregates by. */
    public String subjectKey() {
        return String.join(SUBJECT_SEPARATOR, subjects);
    }
}
