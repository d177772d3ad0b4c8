package io.unosynth.runtime.llm;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** A thread-safe failure histogram, as a shard's stats would keep it. */
final class FailureCounts implements Consumer<String> {
    private final Map<String, Integer> counts = new TreeMap<>();

    @Override
    public synchronized void accept(String reason) {
        counts.merge(reason, 1, Integer::sum);
    }

    synchronized Map<String, Integer> snapshot() {
        return Map.copyOf(counts);
    }
}
