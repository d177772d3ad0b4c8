package io.unosynth.core.filter;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * One row of the filter stage's decisions table, keyed by pair id; no copy of the images.
 *
 * @param similarity cosine similarity of the reference and target embeddings
 * @param reason {@code keep}, {@code too_different} or {@code near_copy} ({@link ConsistencyBand.Decision#reason()})
 */
public record FilterDecision(String pairId, int categoryId, String category, double similarity, boolean kept,
        String reason) implements Serializable {
    public FilterDecision {
        requireNonNull(pairId, "pairId is null");
        requireNonNull(category, "category is null");
        requireNonNull(reason, "reason is null");
    }

    public static FilterDecision of(String pairId, int categoryId, String category, double similarity,
            ConsistencyBand.Decision decision) {
        return new FilterDecision(pairId, categoryId, category, similarity,
                decision == ConsistencyBand.Decision.KEEP, decision.reason());
    }
}
