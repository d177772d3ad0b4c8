package io.unosynth.core.progress;

import java.time.Duration;
import java.util.Locale;

/**
 * The driver's live line for a running stage, e.g.
 * {@code [generate] 3/12 shards (25.0%) | 41 rows | 0.7 rows/s | ETA 3m05s | 0 failures}, or, before any task has
 * its models loaded, {@code [generate] 0/12 shards | opening tasks: staging and loading models (14s)}.
 * Rows count as they are produced (not when a shard finishes); rates and ETA count only this run's work, not shards
 * skipped as already done.
 *
 * @param expectedRows rows the shards of this run will produce in total, or -1 if the stage cannot say
 * @param sessionsOpen tasks that have finished opening their work (staging and loading models)
 */
public record ProgressLine(String stage, long shardsDone, long shardsToDo, long shardsSkipped, long rows,
        long expectedRows, long failures, long sessionsOpen, Duration elapsed) {

    public String render() {
        long total = shardsToDo + shardsSkipped;
        long done = shardsDone + shardsSkipped;
        if (sessionsOpen == 0 && rows == 0 && shardsDone == 0 && shardsToDo > 0) {
            return String.format(Locale.ROOT, "[%s] %d/%d shards | opening tasks: staging and loading models (%s)",
                    stage, done, total, format(elapsed));
        }
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "[%s] %d/%d shards (%.1f%%) | %,d rows", stage, done, total,
                total == 0 ? 100.0 : 100.0 * done / total, rows));
        if (expectedRows > 0) {
            line.append(String.format(Locale.ROOT, " of %,d", expectedRows));
        }
        line.append(String.format(Locale.ROOT, " | %.2f rows/s | ETA %s", rows / seconds, eta()));
        line.append(String.format(Locale.ROOT, " | %,d failures", failures));
        return line.toString();
    }

    /** From the row rate when the total is known (live within a shard), else from finished shards. */
    private String eta() {
        if (shardsDone >= shardsToDo) {
            return "0s";
        }
        if (expectedRows > 0 && rows > 0) {
            return format(Duration.ofMillis((long) (elapsed.toMillis() * (double) Math.max(0, expectedRows - rows)
                    / rows)));
        }
        if (shardsDone > 0) {
            return format(Duration.ofMillis(
                    (long) (elapsed.toMillis() * (double) (shardsToDo - shardsDone) / shardsDone)));
        }
        return "?";
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return seconds + "s";
    }
}
