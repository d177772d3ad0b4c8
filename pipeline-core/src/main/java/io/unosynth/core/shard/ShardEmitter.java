package io.unosynth.core.shard;

/** What a shard's work reports while it runs: rows, inputs consumed, counted failures and the models used. */
public interface ShardEmitter<T> {
    void emit(T row);

    void countInput(long inputs);

    /** Counts a failure that loses an input or an output but not the shard, under a short snake_case reason. */
    void countFailure(String reason);

    void useModel(String modelId);
}
