package io.unosynth.jobs.report;

import io.unosynth.core.filter.FilterDecision;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.report.ReportSample;
import io.unosynth.jobs.generate.PairRowColumns;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;

/**
 * Turns a sampled pair's row into its report entry on an executor, so only thumbnails travel to the driver. Carries
 * what the other stages said about the sampled pairs only (a few dozen small records).
 */
record SampleThumbnails(Map<String, FilterDecision> decisions, Map<String, JudgeVerdict> verdicts,
        Set<String> selected) implements Function<Row, ReportSample> {
    SampleThumbnails {
        decisions = new HashMap<>(decisions);
        verdicts = new HashMap<>(verdicts);
        selected = new HashSet<>(selected);
    }

    @Override
    public ReportSample call(Row row) {
        String pairId = row.getAs("pair_id");
        return ReportSample.of(PairRowColumns.fromRow(row), Optional.ofNullable(decisions.get(pairId)),
                Optional.ofNullable(verdicts.get(pairId)), selected.contains(pairId));
    }
}
