package io.unosynth.jobs.spark;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.shard.ShardId;
import java.io.Serializable;

/** A shard id with the input its work needs, as shipped to an executor. */
public record ShardTask<S extends Serializable>(ShardId id, S input) implements Serializable {
    public ShardTask {
        requireNonNull(id, "id is null");
        requireNonNull(input, "input is null");
    }
}
