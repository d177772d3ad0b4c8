package io.unosynth.core.shard;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * Who is writing a shard: the engine's executor id and a unique attempt id (a Spark task attempt id), so that
 * retried and speculative attempts stage to different names and the stats say where the work ran.
 */
public record TaskAttempt(String executorId, String attemptId) implements Serializable {
    public TaskAttempt {
        requireNonNull(executorId, "executorId is null");
        requireNonNull(attemptId, "attemptId is null");
    }

    public static TaskAttempt local() {
        return new TaskAttempt("driver", Long.toString(ProcessHandle.current().pid()) + "-" + System.nanoTime());
    }
}
