package io.unosynth.core.select;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.config.SelectConfig;
import io.unosynth.core.judge.JudgeVerdict;
import java.io.Serializable;

/**
 * Which judged pairs make the training set: scored pairs with {@code final >= min-final-score} (inclusive, so a
 * final of exactly 3.5 passes the default), unscored pairs only when the config lets them, failed pairs never.
 * Input verdicts are those of pairs that passed the filter.
 */
public record Selection(SelectConfig config) implements Serializable {
    public Selection {
        requireNonNull(config, "config is null");
    }

    public boolean selects(JudgeVerdict verdict) {
        return switch (verdict.status()) {
            case SCORED -> verdict.finalScore() >= config.minFinalScore();
            case UNSCORED -> config.includeUnscored();
            case FAILED -> false;
        };
    }
}
