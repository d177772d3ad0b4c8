package io.unosynth.core.report;

/** The configured cuts the histograms draw: the filter's similarity band and the select stage's minimum score. */
public record ReportThresholds(double filterLow, double filterHigh, double minFinalScore) {}
