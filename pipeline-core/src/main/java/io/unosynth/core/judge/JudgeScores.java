package io.unosynth.core.judge;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;
import java.io.Serializable;
import java.util.List;

/**
 * The scores of the judge's last turn: per part, then appearance, details and attributes (the paper's three
 * aspects) and a final score, all on UNO's 0-4 scale. The final score is the judge's own, not a computed mean.
 */
public record JudgeScores(List<PartScore> parts, double appearance, double details, double attributes,
        double finalScore) implements Serializable {
    public static final double MIN = 0.0;
    public static final double MAX = 4.0;

    public JudgeScores {
        parts = List.copyOf(requireNonNull(parts, "parts is null"));
        Preconditions.checkArgument(!parts.isEmpty(), "Invalid judge scores: no parts");
        Preconditions.checkArgument(inRange(appearance) && inRange(details) && inRange(attributes)
                        && inRange(finalScore), "Invalid judge scores: appearance %s, details %s, attributes %s, "
                        + "final %s (expected 0..4)", appearance, details, attributes, finalScore);
    }

    static boolean inRange(double score) {
        return score >= MIN && score <= MAX;
    }
}
