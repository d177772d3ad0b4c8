package io.unosynth.runtime.llm;

import io.unosynth.core.shard.ShardEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Collects what a shard's work reports; thread-safe because remote backends report from pool threads. */
final class RecordingEmitter<T> implements ShardEmitter<T> {
    private final List<T> rows = new ArrayList<>();
    private final Map<String, Integer> failures = new TreeMap<>();
    private final Set<String> models = new TreeSet<>();
    private long inputs;

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
    public synchronized void useModel(String modelId) {
        models.add(modelId);
    }

    synchronized List<T> rows() {
        return List.copyOf(rows);
    }

    synchronized Map<String, Integer> failures() {
        return Map.copyOf(failures);
    }

    synchronized Set<String> models() {
        return Set.copyOf(models);
    }

    synchronized long inputs() {
        return inputs;
    }
}
