package io.unosynth.core.progress;

import io.unosynth.core.shard.ShardStats;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Totals of a stage, computed from its stats markers (so a resumed run reports the whole stage). */
public record StageSummary(String stage, int shards, int shardsRunNow, long rowsIn, long rowsOut,
        Map<String, Long> failures, long taskMillis, List<String> executors, List<String> models) {

    public static StageSummary of(String stage, List<ShardStats> all, int shardsRunNow) {
        Map<String, Long> failures = new TreeMap<>();
        TreeSet<String> executors = new TreeSet<>();
        TreeSet<String> models = new TreeSet<>();
        long rowsIn = 0;
        long rowsOut = 0;
        long millis = 0;
        for (ShardStats stats : all) {
            rowsIn += stats.rowsIn();
            rowsOut += stats.rowsOut();
            millis += stats.durationMillis();
            stats.failures().forEach((reason, count) -> failures.merge(reason, count, Long::sum));
            executors.add(stats.executorId());
            models.addAll(stats.models());
        }
        return new StageSummary(stage, all.size(), shardsRunNow, rowsIn, rowsOut, failures, millis,
                List.copyOf(executors), List.copyOf(models));
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT,
                "[%s] done: %d shards (%d run now, %d already done) | %,d in -> %,d rows | task time %.1fs%n",
                stage, shards, shardsRunNow, shards - shardsRunNow, rowsIn, rowsOut, taskMillis / 1000.0));
        text.append("  failures: ").append(failures.isEmpty() ? "none" : failures.toString()).append('\n');
        text.append("  executors: ").append(executors).append(" | models: ").append(models);
        return text.toString();
    }
}
