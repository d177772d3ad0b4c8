package io.unosynth.jobs.spark;

import io.unosynth.core.shard.ShardWork;
import java.io.Serializable;

/**
 * What a stage does per shard, as it crosses to executors. {@link #open()} runs once per Spark partition and holds
 * what the shards of that partition share (model leases, clients, thread pools); shards then borrow it.
 *
 * @param <S> the shard's input (small and serializable)
 * @param <T> the rows the stage writes
 */
public interface StageWork<S extends Serializable, T> extends Serializable {
    Session<S, T> open() throws Exception;

    /** What each task needs on a cluster (GPU stages override this); applied by {@link ResourcePlacement}. */
    default StageResources resources() {
        return StageResources.DEFAULT;
    }

    /** Rows a shard will write, if the stage knows it up front (for a live ETA); -1 if not. */
    default long expectedRows(S input) {
        return -1;
    }

    interface Session<S, T> extends AutoCloseable {
        ShardWork<T> forShard(S input) throws Exception;
    }
}
