package io.unosynth.core.shard;

import java.util.List;

/**
 * What a stage run has to do: the shards still to write, and the stats of those already done (which a rerun skips).
 */
public record ShardPlan(List<ShardId> todo, List<ShardStats> done) {
    public ShardPlan {
        todo = List.copyOf(todo);
        done = List.copyOf(done);
    }

    public int total() {
        return todo.size() + done.size();
    }
}
