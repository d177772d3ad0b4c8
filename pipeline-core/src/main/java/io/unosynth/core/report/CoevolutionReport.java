package io.unosynth.core.report;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.evaluate.EvaluationSummary;
import io.unosynth.core.train.TrainingStep;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The report across the rounds of {@code unosynth coevolve}: the funnel of each round (rows each stage wrote), the
 * metric table of each round (DINO, CLIP-I, CLIP-T of its Stage II model, per subject and the mean), the loss
 * curves of its two training stages (their step logs), and a sample
 * grid: the same plan row (subject and prompt, the same seed) as each round's generator rendered it, one column per
 * round. A static page, no script, images inline.
 */
public record CoevolutionReport(List<Round> rounds, List<SampleRow> samples) {
    /** Side of a sample thumbnail, pixels. */
    public static final int THUMBNAIL_SIDE = 192;

    /**
     * One round: rows written per stage (in run order; a stage that has not run is absent), its evaluation (empty
     * before evaluate ran) and the generator that rendered its data.
     */
    public record Round(int round, Map<String, Long> rowsOut, Optional<EvaluationSummary> evaluation,
            String generator, List<TrainingReport> training) {
        public Round {
            rowsOut = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rowsOut));
            requireNonNull(evaluation, "evaluation is null");
            requireNonNull(generator, "generator is null");
            training = List.copyOf(training);
        }
    }

    /** A plan row's target image in each round, in round order; an entry is null where a round has none. */
    public record SampleRow(String planId, String prompt, List<byte[]> targets) {
        public SampleRow {
            requireNonNull(planId, "planId is null");
            requireNonNull(prompt, "prompt is null");
            targets = java.util.Collections.unmodifiableList(new ArrayList<>(targets));
        }
    }

    public CoevolutionReport {
        rounds = List.copyOf(rounds);
        samples = List.copyOf(samples);
    }

    public byte[] html() {
        StringBuilder out = new StringBuilder(4096);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>unosynth coevolve</title>")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}")
                .append("td.l,th.l{text-align:left}img{display:block}</style></head><body>\n")
                .append("<h1>Model-data co-evolution: ").append(rounds.size()).append(" round(s)</h1>\n");
        funnel(out);
        metrics(out);
        grid(out);
        losses(out);
        return out.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private void funnel(StringBuilder out) {
        TreeSet<String> seen = new TreeSet<>();
        List<String> stages = new ArrayList<>();
        rounds.forEach(round -> round.rowsOut().keySet().forEach(stage -> {
            if (seen.add(stage)) {
                stages.add(stage);
            }
        }));
        out.append("<h2 id=\"funnel\">Funnel per round</h2>\n<p>Rows each stage wrote (plan: prompts; generate: ")
                .append("pairs; filter, score, select: a row per pair; export: selected pairs; expand: ")
                .append("multi-subject sets; score-sets: a verdict per set reference; encode, encode-sets: encoded rows).")
                .append("</p>\n<table><tr><th class=\"l\">")
                .append("stage</th>");
        rounds.forEach(round -> out.append("<th>round ").append(round.round()).append("</th>"));
        out.append("</tr>\n");
        for (String stage : stages) {
            out.append("<tr><td class=\"l\">").append(Html.escape(stage)).append("</td>");
            rounds.forEach(round -> {
                Long rows = round.rowsOut().get(stage);
                out.append("<td>").append(rows == null ? "&ndash;" : rows).append("</td>");
            });
            out.append("</tr>\n");
        }
        out.append("<tr><td class=\"l\">generator</td>");
        rounds.forEach(round -> out.append("<td class=\"l\">").append(Html.escape(round.generator())).append("</td>"));
        out.append("</tr></table>\n");
    }

    private void metrics(StringBuilder out) {
        out.append("<h2 id=\"metrics\">Metrics per round</h2>\n<p>DreamBench protocol on each round's Stage II ")
                .append("model, same seeds in every round (README: Evaluating a model).</p>\n<table><tr>")
                .append("<th>round</th><th class=\"l\">subject</th><th>DINO</th><th>CLIP-I</th><th>CLIP-T</th>")
                .append("<th>images</th></tr>\n");
        for (Round round : rounds) {
            if (round.evaluation().isEmpty()) {
                out.append("<tr><td>").append(round.round()).append("</td><td class=\"l\" colspan=\"5\">not ")
                        .append("evaluated yet</td></tr>\n");
                continue;
            }
            EvaluationSummary summary = round.evaluation().get();
            summary.perSubject().forEach((subject, means) -> metricRow(out, round.round(), subject, means));
            metricRow(out, round.round(), "mean", summary.mean());
        }
        out.append("</table>\n");
    }

    private static void metricRow(StringBuilder out, int round, String subject, EvaluationSummary.Means means) {
        out.append("<tr><td>").append(round).append("</td><td class=\"l\">").append(Html.escape(subject))
                .append("</td><td>").append(fixed(means.dino())).append("</td><td>").append(fixed(means.clipI()))
                .append("</td><td>").append(fixed(means.clipT())).append("</td><td>").append(means.images())
                .append("</td></tr>\n");
    }

    private void losses(StringBuilder out) {
        out.append("<h2 id=\"loss\">Loss curves</h2>\n<p>Each round's training stages, from their step logs ")
                .append("(<code>round-&lt;r&gt;/train/stage-&lt;n&gt;/steps.csv</code>).</p>\n");
        for (Round round : rounds) {
            if (round.training().isEmpty()) {
                out.append("<p>Round ").append(round.round()).append(": not trained yet.</p>\n");
            }
            for (TrainingReport stage : round.training()) {
                List<TrainingStep> steps = stage.log().steps();
                String label = "round " + round.round() + " stage " + stage.stage() + " loss";
                out.append("<figure>").append(LineChart.svg(label, "step", "loss",
                                steps.stream().mapToLong(TrainingStep::step).toArray(),
                                steps.stream().mapToDouble(TrainingStep::loss).toArray()))
                        .append("<figcaption>").append(Html.escape(label)).append("</figcaption></figure>\n");
            }
        }
    }

    private void grid(StringBuilder out) {
        out.append("<h2 id=\"samples\">Samples</h2>\n<p>The same plan row (subject, prompt, seed) as each round's ")
                .append("generator rendered it: the target half.</p>\n<table><tr><th class=\"l\">plan row</th>");
        rounds.forEach(round -> out.append("<th>round ").append(round.round()).append("</th>"));
        out.append("</tr>\n");
        for (SampleRow sample : samples) {
            out.append("<tr><td class=\"l\">").append(Html.escape(sample.planId())).append("<br><small>")
                    .append(Html.escape(sample.prompt())).append("</small></td>");
            for (int i = 0; i < sample.targets().size(); i++) {
                byte[] png = sample.targets().get(i);
                out.append("<td>");
                if (png != null) {
                    out.append("<img alt=\"round ").append(i + 1).append("\" src=\"")
                            .append(Thumbnails.dataUrl(png, sample.planId(), THUMBNAIL_SIDE)).append("\">");
                }
                out.append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
