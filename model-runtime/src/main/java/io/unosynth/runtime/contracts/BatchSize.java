package io.unosynth.runtime.contracts;

import io.unosynth.core.error.Preconditions;
import java.util.ArrayList;
import java.util.List;

/** How many items a contract sends to its model per call; the last batch may be smaller. */
public record BatchSize(int value) {
    public static final BatchSize DEFAULT = new BatchSize(8);

    public BatchSize {
        Preconditions.checkArgument(value > 0, "Invalid batch size: %s (expected >= 1)", value);
    }

    /** {@code items} in consecutive batches of at most {@link #value()}, in order. */
    public <T> List<List<T>> split(List<T> items) {
        List<List<T>> batches = new ArrayList<>();
        for (int start = 0; start < items.size(); start += value) {
            batches.add(items.subList(start, Math.min(items.size(), start + value)));
        }
        return batches;
    }
}
