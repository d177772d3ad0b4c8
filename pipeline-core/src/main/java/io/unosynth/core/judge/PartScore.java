package io.unosynth.core.judge;

import static io.unosynth.core.error.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** The judge's 0-4 consistency score of one part of the subject (e.g. "handle": 3). */
public record PartScore(String part, double score) implements Serializable {
    public PartScore {
        requireNonNull(part, "part is null");
        checkArgument(JudgeScores.inRange(score), "Invalid score of part '%s': %s (expected 0..4)", part, score);
    }
}
