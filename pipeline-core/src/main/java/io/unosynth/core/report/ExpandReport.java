package io.unosynth.core.report;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.expand.ExpandFunnel;
import java.util.List;

/** The report's expand section: the stage's funnel and a few sample sets. */
public record ExpandReport(ExpandFunnel funnel, List<ExpandSample> samples) {
    public ExpandReport {
        requireNonNull(funnel, "funnel is null");
        samples = List.copyOf(samples);
    }
}
