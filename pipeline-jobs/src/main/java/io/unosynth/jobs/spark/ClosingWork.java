package io.unosynth.jobs.spark;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.shard.ShardEmitter;
import io.unosynth.core.shard.ShardWork;

/** A shard's work with the resource it reads (an upstream file); {@link ShardedStage} closes it after the shard. */
public record ClosingWork<T>(ShardWork<T> work, AutoCloseable resource) implements ShardWork<T>, AutoCloseable {
    public ClosingWork {
        requireNonNull(work, "work is null");
        requireNonNull(resource, "resource is null");
    }

    @Override
    public void run(ShardEmitter<T> emitter) throws Exception {
        work.run(emitter);
    }

    @Override
    public void close() throws Exception {
        resource.close();
    }
}
