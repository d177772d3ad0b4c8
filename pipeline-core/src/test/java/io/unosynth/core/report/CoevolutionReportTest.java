package io.unosynth.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.unosynth.core.evaluate.EvaluationSummary;
import io.unosynth.core.image.Photos;
import io.unosynth.core.train.TrainingLog;
import io.unosynth.core.train.TrainingStep;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoevolutionReportTest {
    @Test
    void oneColumnPerRoundForTheFunnelTheMetricsAndTheSamples() {
        Map<String, Long> first = new LinkedHashMap<>();
        first.put("plan", 4L);
        first.put("generate", 4L);
        first.put("expand", 2L);
        EvaluationSummary.Means dog = new EvaluationSummary.Means(0.5, 0.6, 0.25, 2);
        EvaluationSummary evaluated = new EvaluationSummary(Map.of("dog", dog), Map.of("dog | a <dog>", dog), dog);
        CoevolutionReport report = new CoevolutionReport(List.of(
                new CoevolutionReport.Round(1, first, Optional.of(evaluated), "configured (flux)", List.of(
                        new TrainingReport(1, "runs/loop/round-1/train/stage-1", new TrainingLog(List.of(
                                new TrainingStep(1, 0.9, 0.0, 1.5), new TrainingStep(2, 0.7, 1e-3, 1.2)))))),
                new CoevolutionReport.Round(2, Map.of("plan", 4L), Optional.empty(), "round 1 Stage II",
                        List.of())),
                List.of(new CoevolutionReport.SampleRow("c0001-subj000-scn00", "a <cup>",
                        Arrays.asList(Photos.png(Photos.COFFEE), null))));

        String html = new String(report.html(), StandardCharsets.UTF_8);

        assertThat(html).contains("<h1>Model-data co-evolution: 2 round(s)</h1>")
                .contains("<tr><td class=\"l\">plan</td><td>4</td><td>4</td></tr>")
                .contains("<tr><td class=\"l\">expand</td><td>2</td><td>&ndash;</td></tr>")
                .contains("round 1 Stage II")
                .contains("<td class=\"l\">dog</td><td>0.5000</td><td>0.6000</td><td>0.2500</td><td>2</td>")
                .contains("<td class=\"l\">mean</td>")
                .contains("not evaluated yet")
                .contains("a &lt;cup&gt;").doesNotContain("a <cup>")
                .contains("<img alt=\"round 1\" src=\"data:image/").doesNotContain("alt=\"round 2\"")
                .contains("<svg").contains("round 1 stage 1 loss").contains("Round 2: not trained yet.");
    }
}
