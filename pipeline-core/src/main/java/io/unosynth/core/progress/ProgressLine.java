package io.unosynth.core.progress;

import java.time.Duration;
import java.util.Locale;

/**
 * The driver's live line for a running stage, e.g.
 * {@code [plan] 12/365 shards (3.3%) | 4,800 rows | 120.5 rows/s | ETA 2m31s | 0 failures}.
 * Rates and ETA count only the shards of this run, not those skipped as already done.
 */
public record ProgressLine(String stage, long shardsDone, long shardsToDo, long shardsSkipped, long rows,
        long failures, Duration elapsed) {

    public String render() {
        long total = shardsToDo + shardsSkipped;
        long done = shardsDone + shardsSkipped;
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "[%s] %d/%d shards (%.1f%%) | %,d rows | %.1f rows/s", stage, done,
                total, total == 0 ? 100.0 : 100.0 * done / total, rows, rows / seconds));
        line.append(" | ETA ").append(shardsDone == 0 ? "?" : format(Duration.ofMillis(
                (long) (elapsed.toMillis() * (double) (shardsToDo - shardsDone) / shardsDone))));
        line.append(String.format(Locale.ROOT, " | %,d failures", failures));
        return line.toString();
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
