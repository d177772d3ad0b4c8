package io.unosynth.core.report;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.progress.StageSummary;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the report says about the run itself: when and by which code and command it was made, and per stage its
 * shards, rows, task time (from the markers, so a resumed stage counts its earlier shards), wall time (of this
 * invocation's run of the stage; absent when the stage was not run by it), executors and GPU time.
 *
 * @param generatedAt when the report was written (UTC, ISO-8601)
 * @param commandLine the command that wrote it; empty when not known (e.g. called from code)
 * @param wallMillis per stage, wall time of this invocation's run of it
 * @param gpusPerTask per stage, GPUs each of its tasks was given (0 or absent: CPU only)
 */
public record RunHeader(String generatedAt, String codeVersion, String commandLine, List<StageSummary> stages,
        Map<String, Long> wallMillis, Map<String, Double> gpusPerTask) {
    public RunHeader {
        requireNonNull(generatedAt, "generatedAt is null");
        requireNonNull(codeVersion, "codeVersion is null");
        requireNonNull(commandLine, "commandLine is null");
        stages = List.copyOf(stages);
        wallMillis = new TreeMap<>(wallMillis);
        gpusPerTask = new TreeMap<>(gpusPerTask);
    }

    /** Task seconds times the GPUs each task held. */
    public double gpuSeconds(StageSummary stage) {
        return stage.taskMillis() / 1000.0 * gpusPerTask.getOrDefault(stage.stage(), 0.0);
    }
}
