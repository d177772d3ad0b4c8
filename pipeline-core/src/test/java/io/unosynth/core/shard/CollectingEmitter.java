package io.unosynth.core.shard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Collects what a shard's work reports, in order; thread-safe, since remote work reports failures from pool
 * threads. Shared with other modules' tests through the test-jar.
 */
public final class CollectingEmitter<T> implements ShardEmitter<T> {
    private final List<T> rows = new ArrayList<>();
    private final Map<String, Integer> failures = new TreeMap<>();
    private final Set<String> models = new TreeSet<>();
    private long inputs;
    private long retryable;

    @Override
    public synchronized void emit(T row) {
        rows.add(row);
    }

    @Override
    public synchronized void countInput(long count) {
        inputs += count;
    }

    @Override
    public synchronized void countFailure(String reason) {
        failures.merge(reason, 1, Integer::sum);
    }

    @Override
    public synchronized void markRetryable() {
        retryable++;
    }

    @Override
    public synchronized void useModel(String modelId) {
        models.add(modelId);
    }

    public synchronized List<T> rows() {
        return List.copyOf(rows);
    }

    /** Failure counts by reason. */
    public synchronized Map<String, Integer> failures() {
        return Map.copyOf(failures);
    }

    public synchronized Set<String> models() {
        return Set.copyOf(models);
    }

    /** Rows marked as failed for an external reason. */
    public synchronized long retryable() {
        return retryable;
    }

    public synchronized long inputs() {
        return inputs;
    }
}
