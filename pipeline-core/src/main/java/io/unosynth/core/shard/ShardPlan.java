package io.unosynth.core.shard;

import java.util.List;

/**
 * What a stage run has to do: the shards still to write, and the stats of those already done (which a rerun skips).
 * Of the shards to do, {@code stale} were done from upstream data that has changed since, and {@code retried} were
 * done with rows that failed for an external reason; both are redone, and the progress output says so.
 */
public record ShardPlan(List<ShardId> todo, List<ShardStats> done, List<ShardId> stale, List<ShardId> retried) {
    public ShardPlan {
        todo = List.copyOf(todo);
        done = List.copyOf(done);
        stale = List.copyOf(stale);
        retried = List.copyOf(retried);
    }

    public ShardPlan(List<ShardId> todo, List<ShardStats> done) {
        this(todo, done, List.of(), List.of());
    }

    public int total() {
        return todo.size() + done.size();
    }
}
