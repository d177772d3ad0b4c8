package io.unosynth.core.config;

import java.io.Serializable;

/**
 * The select stage: which scored pairs make the training set. Default {@code final >= 3.5}, UNO-1M's recommended
 * cut; the UNO paper trained on {@code 4.0} only (higher scores gave better DINO and CLIP-I). Unscored pairs (no
 * judge configured) are left out unless {@code select.include-unscored = true}; pairs whose judging failed never
 * pass.
 */
public record SelectConfig(double minFinalScore, boolean includeUnscored) implements Serializable {
    public static final String MIN_FINAL_SCORE = "select.min-final-score";
    public static final double MIN_FINAL_SCORE_DEFAULT = 3.5;
    public static final String INCLUDE_UNSCORED = "select.include-unscored";
    public static final boolean INCLUDE_UNSCORED_DEFAULT = false;

    public static SelectConfig from(ConfigValues values) {
        return new SelectConfig(values.doubleIn(MIN_FINAL_SCORE, MIN_FINAL_SCORE_DEFAULT, 0.0, 4.0),
                values.bool(INCLUDE_UNSCORED, INCLUDE_UNSCORED_DEFAULT));
    }
}
