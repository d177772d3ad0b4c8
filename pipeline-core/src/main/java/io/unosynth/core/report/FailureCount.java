package io.unosynth.core.report;

import static java.util.Objects.requireNonNull;

/** A failure reason's count in one stage and category, summed from the shards' stats markers. */
public record FailureCount(String stage, String category, String reason, long count) {
    public FailureCount {
        requireNonNull(stage, "stage is null");
        requireNonNull(category, "category is null");
        requireNonNull(reason, "reason is null");
    }
}
