package io.unosynth.core.shard;

/** The computation of one shard; rows go to the emitter in a deterministic order. */
@FunctionalInterface
public interface ShardWork<T> {
    void run(ShardEmitter<T> emitter) throws Exception;
}
