package io.unosynth.core.shard;

/** What a shard's work reports while it runs: rows, inputs consumed, counted failures and the models used. */
public interface ShardEmitter<T> {
    void emit(T row);

    void countInput(long inputs);

    /** Counts a failure that loses an input or an output but not the shard, under a short snake_case reason. */
    void countFailure(String reason);

    /**
     * Marks one row as failed for an external reason (endpoint down, timeout, 5xx, model unavailable; its reasons
     * are counted with {@link #countFailure}): the shard is committed but not final, so a rerun redoes it.
     * Row-specific bad input (a corrupt image, an invalid plan row) is only counted: retrying it cannot help.
     */
    void markRetryable();

    void useModel(String modelId);
}
