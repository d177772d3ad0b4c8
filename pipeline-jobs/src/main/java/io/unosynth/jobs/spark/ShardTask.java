package io.unosynth.jobs.spark;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.shard.ShardId;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * A shard id with the input its work needs, as shipped to an executor.
 *
 * @param upstream the data hash of every upstream input the shard reads ({@code stage/shard -> sha256}); recorded
 *     in the shard's marker, and a done shard whose inputs hash otherwise now is redone
 */
public record ShardTask<S extends Serializable>(ShardId id, S input, Map<String, String> upstream)
        implements Serializable {
    public ShardTask {
        requireNonNull(id, "id is null");
        requireNonNull(input, "input is null");
        upstream = new TreeMap<>(requireNonNull(upstream, "upstream is null"));
    }

    /** A shard that reads no upstream stage. */
    public ShardTask(ShardId id, S input) {
        this(id, input, Map.of());
    }
}
