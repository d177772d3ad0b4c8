package io.unosynth.core.report;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.error.Preconditions;
import io.unosynth.core.train.TrainingLog;

/** The report's training section for one stage: its step log ({@code train/stage-<n>/steps.csv}). */
public record TrainingReport(int stage, String location, TrainingLog log) {
    public TrainingReport {
        Preconditions.checkArgument(stage > 0, "Invalid training stage: %s", stage);
        requireNonNull(location, "location is null");
        requireNonNull(log, "log is null");
    }
}
