package io.unosynth.core.select;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.expand.ExpandSet;
import io.unosynth.core.judge.JudgeVerdict;
import java.io.Serializable;
import java.util.Map;
import java.util.Optional;

/**
 * Which judged multi-subject sets Stage II trains on: a set is kept when {@link Selection} selects the verdict of
 * every one of its references (each judged against the set's target), so one reference that is not the subject
 * its label names drops the whole set: Stage II learns from every reference of a set at once, so a set is as good
 * as its worst reference. Scored references need {@code final >= select.min-final-score}, unscored ones (no judge)
 * pass only with {@code select.include-unscored}, failed ones never.
 */
public record SetSelection(Selection selection) implements Serializable {
    /** A reference scored below {@code select.min-final-score}. */
    public static final String BELOW_MIN_SCORE = "set_below_min_score";
    /** A reference left unscored (no judge) while {@code select.include-unscored} is off. */
    public static final String UNSCORED = "set_unscored";
    /** A reference whose judging failed (counted, and retried by the judging stage's rerun). */
    public static final String JUDGE_FAILED = "set_judge_failed";

    public SetSelection {
        requireNonNull(selection, "selection is null");
    }

    /**
     * Why {@code set} is dropped (the first reference, in order, that is not selected), or empty when it is kept.
     *
     * @param verdicts the judging stage's verdicts by pair id ({@link ExpandSet#referencePairId})
     * @throws IllegalArgumentException when a reference of the set has no verdict (the verdicts are of another shard)
     */
    public Optional<String> rejection(ExpandSet set, Map<String, JudgeVerdict> verdicts) {
        for (int i = 0; i < set.n(); i++) {
            String id = ExpandSet.referencePairId(set.setId(), i);
            JudgeVerdict verdict = verdicts.get(id);
            if (verdict == null) {
                throw new IllegalArgumentException("Invalid set verdicts: no verdict for reference " + (i + 1)
                        + " of set " + set.setId() + " (" + id + ")");
            }
            if (!selection.selects(verdict)) {
                return Optional.of(switch (verdict.status()) {
                    case SCORED -> BELOW_MIN_SCORE;
                    case UNSCORED -> UNSCORED;
                    case FAILED -> JUDGE_FAILED;
                });
            }
        }
        return Optional.empty();
    }
}
