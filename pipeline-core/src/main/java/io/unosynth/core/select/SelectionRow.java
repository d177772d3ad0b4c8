package io.unosynth.core.select;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * The select stage's row: one generated pair's way through the funnel.
 *
 * @param judgeStatus {@code scored}, {@code unscored}, {@code failed}, or {@code not_judged} (filtered out first)
 * @param finalScore the judge's final score; null unless scored
 */
public record SelectionRow(String pairId, int categoryId, String category, double similarity, boolean passedFilter,
        String judgeStatus, Double finalScore, boolean selected) implements Serializable {
    public static final String NOT_JUDGED = "not_judged";

    public SelectionRow {
        requireNonNull(pairId, "pairId is null");
        requireNonNull(category, "category is null");
        requireNonNull(judgeStatus, "judgeStatus is null");
    }
}
