package io.unosynth.core.report;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.expand.ExpandFunnel;
import io.unosynth.core.expand.PixelBox;
import io.unosynth.core.train.TrainingStep;
import io.unosynth.core.filter.FilterDecision;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.select.Funnel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import io.unosynth.core.progress.StageSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The static HTML report of a run: one self-contained file (inline CSS, inline SVG charts, thumbnails as data
 * URLs, no script, no external asset) that opens from disk. Sections, by element id: {@code run} (date, code
 * version, command line, and per stage shards, rows, wall and task time, executors, GPU time), {@code funnel}
 * (a chart of the totals and the counts per category), {@code failures} (reasons per stage and category, from
 * the markers), {@code similarity} and {@code scores} (histograms per category, bins fitted to the data, the
 * configured thresholds drawn), {@code samples} (a grid of pairs with the judge's reasoning folded in each card),
 * {@code expand} (only when the run has an expand stage: its funnel, sets by N, and sample sets with the chosen
 * boxes drawn over the target), {@code train} (only when a training stage logged steps: per stage the loss curve,
 * the step times and their summary), {@code models} and {@code config} (the effective settings as a config file that
 * {@code --conf} takes back). All text from data is HTML-escaped.
 *
 * @param notices lines shown at the top, e.g. {@link io.unosynth.core.judge.PairJudge#UNCONFIGURED_NOTICE}
 * @param models the models recorded in the markers, with their locations and checksums
 * @param config the run's effective settings in config-file syntax; keys that look secret are printed commented
 *     out with their value redacted
 * @param expand the expand stage's funnel and sample sets; empty when the run has no expand stage
 * @param training the step logs of the training stages that ran, by stage; empty when none did
 */
public record RunReport(String title, List<String> notices, RunHeader header, Funnel funnel,
        List<FilterDecision> decisions, List<JudgeVerdict> verdicts, List<ReportSample> samples,
        List<FailureCount> failures, ReportThresholds thresholds, List<String> models, Map<String, String> config,
        Optional<ExpandReport> expand, List<TrainingReport> training) {
    /** Steps averaged at each end of a loss curve for the summary's first and last loss. */
    static final int LOSS_WINDOW = 10;
    static final int SIMILARITY_BINS = 20;
    static final int SCORE_BINS = 16;
    static final String REDACTED = "(redacted)";
    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i).*(secret|password|token|credential|access\\.key|\\.key$).*");
    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
            td.count { text-align: right; font-variant-numeric: tabular-nums; }
            tr.total { font-weight: bold; }
            .notice { background: #fff3cd; border: 1px solid #e0c36b; padding: 0.5em; }
            .charts, .grid { display: flex; flex-wrap: wrap; gap: 1em; }
            svg rect { fill: #4a78b5; }
            svg line.axis { stroke: #444; }
            svg polyline.series { fill: none; stroke: #4a78b5; stroke-width: 1.5; }
            svg line.threshold { stroke: #c0392b; stroke-dasharray: 4 3; stroke-width: 1.5; }
            svg text { font-size: 11px; fill: #444; }
            svg text.threshold { fill: #c0392b; }
            figure { margin: 0; }
            figure.pair { width: 340px; border: 1px solid #ddd; padding: 0.4em; }
            figure.pair.selected { border-color: #2e8b57; border-width: 2px; }
            figure.pair img { width: 160px; height: auto; margin-right: 4px; }
            details pre, pre.config { white-space: pre-wrap; font-size: 0.85em; background: #f6f6f6; padding: 0.4em; }
            .meta { color: #666; font-size: 0.9em; }
            figure.set { width: 420px; border: 1px solid #ddd; padding: 0.4em; }
            figure.set img { width: 96px; height: auto; margin-right: 4px; }
            svg.set-target rect.box { fill: none; stroke: #e67e22; stroke-width: 2; }
            svg.set-target text.box { fill: #e67e22; font-weight: bold; }
            """;

    public RunReport {
        requireNonNull(title, "title is null");
        notices = List.copyOf(notices);
        requireNonNull(header, "header is null");
        requireNonNull(funnel, "funnel is null");
        decisions = List.copyOf(decisions);
        verdicts = List.copyOf(verdicts);
        samples = List.copyOf(samples);
        failures = List.copyOf(failures);
        requireNonNull(thresholds, "thresholds is null");
        models = List.copyOf(models);
        config = new TreeMap<>(config);
        requireNonNull(expand, "expand is null");
        training = List.copyOf(training);
    }

    /** A report of a run without training stages. */
    public RunReport(String title, List<String> notices, RunHeader header, Funnel funnel,
            List<FilterDecision> decisions, List<JudgeVerdict> verdicts, List<ReportSample> samples,
            List<FailureCount> failures, ReportThresholds thresholds, List<String> models,
            Map<String, String> config, Optional<ExpandReport> expand) {
        this(title, notices, header, funnel, decisions, verdicts, samples, failures, thresholds, models, config,
                expand, List.of());
    }

    /** A report of a run without an expand stage. */
    public RunReport(String title, List<String> notices, RunHeader header, Funnel funnel,
            List<FilterDecision> decisions, List<JudgeVerdict> verdicts, List<ReportSample> samples,
            List<FailureCount> failures, ReportThresholds thresholds, List<String> models,
            Map<String, String> config) {
        this(title, notices, header, funnel, decisions, verdicts, samples, failures, thresholds, models, config,
                Optional.empty());
    }

    /** Writes the report as UTF-8; leaves {@code out} open. */
    public void write(OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write(html());
        writer.flush();
    }

    public String html() {
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n")
                .append("<body>\n<h1>").append(Html.escape(title)).append("</h1>\n");
        for (String notice : notices) {
            out.append("<p class=\"notice\">").append(Html.escape(notice)).append("</p>\n");
        }
        runSection(out);
        funnelSection(out);
        failuresSection(out);
        similaritySection(out);
        scoresSection(out);
        samplesSection(out);
        expand.ifPresent(section -> expandSection(out, section));
        if (!training.isEmpty()) {
            trainingSection(out, training);
        }
        modelsSection(out);
        configSection(out);
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private void runSection(StringBuilder out) {
        out.append("<section id=\"run\">\n<h2>Run</h2>\n<p>Written ").append(Html.escape(header.generatedAt()))
                .append(" by unosynth <code>").append(Html.escape(header.codeVersion())).append("</code>");
        if (!header.commandLine().isEmpty()) {
            out.append("<br>Command: <code>").append(Html.escape(header.commandLine())).append("</code>");
        }
        out.append("</p>\n<table>\n<thead><tr><th>stage</th><th>shards</th><th>rows in</th><th>rows out</th>"
                + "<th>wall time (this run)</th><th>task time</th><th>GPU time</th><th>executors</th></tr></thead>\n"
                + "<tbody>\n");
        long taskMillis = 0;
        double gpuSeconds = 0;
        for (StageSummary stage : header.stages()) {
            Long wall = header.wallMillis().get(stage.stage());
            out.append("<tr><td>").append(Html.escape(stage.stage())).append("</td><td class=\"count\">")
                    .append(stage.shards()).append("</td><td class=\"count\">").append(stage.rowsIn())
                    .append("</td><td class=\"count\">").append(stage.rowsOut()).append("</td><td class=\"count\">")
                    .append(wall == null ? "-" : seconds(wall / 1000.0)).append("</td><td class=\"count\">")
                    .append(seconds(stage.taskMillis() / 1000.0)).append("</td><td class=\"count\">")
                    .append(seconds(header.gpuSeconds(stage))).append("</td><td>")
                    .append(Html.escape(String.join(", ", stage.executors()))).append("</td></tr>\n");
            taskMillis += stage.taskMillis();
            gpuSeconds += header.gpuSeconds(stage);
        }
        long wallMillis = header.wallMillis().values().stream().mapToLong(Long::longValue).sum();
        out.append("<tr class=\"total\"><td>total</td><td></td><td></td><td></td><td class=\"count\">")
                .append(header.wallMillis().isEmpty() ? "-" : seconds(wallMillis / 1000.0))
                .append("</td><td class=\"count\">").append(seconds(taskMillis / 1000.0))
                .append("</td><td class=\"count\">").append(seconds(gpuSeconds)).append("</td><td></td></tr>\n");
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }

    private void failuresSection(StringBuilder out) {
        out.append("<section id=\"failures\">\n<h2>Failures</h2>\n");
        if (failures.isEmpty()) {
            out.append("<p class=\"empty\">No failures counted by any stage.</p>\n</section>\n");
            return;
        }
        out.append("<table>\n<thead><tr><th>stage</th><th>category</th><th>reason</th><th>count</th></tr></thead>\n"
                + "<tbody>\n");
        for (FailureCount failure : failures) {
            out.append("<tr><td>").append(Html.escape(failure.stage())).append("</td><td>")
                    .append(Html.escape(failure.category())).append("</td><td><code>")
                    .append(Html.escape(failure.reason())).append("</code></td><td class=\"count\">")
                    .append(failure.count()).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    /** The funnel's totals as horizontal bars, each step's width relative to the first. */
    private void funnelChart(StringBuilder out) {
        Funnel.Counts total = funnel.total();
        long first = Math.max(1, total.get(Funnel.Step.values()[0]));
        int barHeight = 22;
        int labelWidth = 110;
        int width = 460;
        Funnel.Step[] steps = Funnel.Step.values();
        out.append(String.format(Locale.ROOT, "<svg class=\"funnel\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"funnel\">", width,
                steps.length * (barHeight + 4)));
        for (int i = 0; i < steps.length; i++) {
            long count = total.get(steps[i]);
            double bar = (double) count / first * (width - labelWidth - 60);
            int y = i * (barHeight + 4);
            out.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text><rect x=\"%d\" y=\"%d\" "
                    + "width=\"%.1f\" height=\"%d\"><title>%s: %d</title></rect><text x=\"%.1f\" y=\"%d\">%d</text>",
                    y + 15, Html.escape(steps[i].label()), labelWidth, y, bar, barHeight,
                    Html.escape(steps[i].label()), count, labelWidth + bar + 4, y + 15, count));
        }
        out.append("</svg>\n");
    }

    private void funnelSection(StringBuilder out) {
        out.append("<section id=\"funnel\">\n<h2>Funnel</h2>\n");
        funnelChart(out);
        out.append("<table>\n<thead><tr><th>category</th>");
        for (Funnel.Step step : Funnel.Step.values()) {
            out.append("<th>").append(Html.escape(step.label())).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        funnel.categories().forEach((name, counts) -> funnelRow(out, name, counts, false));
        funnelRow(out, "total", funnel.total(), true);
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private static void funnelRow(StringBuilder out, String name, Funnel.Counts counts, boolean total) {
        out.append(total ? "<tr class=\"total\">" : "<tr>").append("<td>").append(Html.escape(name)).append("</td>");
        for (Funnel.Step step : Funnel.Step.values()) {
            out.append("<td class=\"count\">").append(counts.get(step)).append("</td>");
        }
        out.append("</tr>\n");
    }

    private void similaritySection(StringBuilder out) {
        Map<String, List<Double>> byCategory = new TreeMap<>();
        for (FilterDecision decision : decisions) {
            byCategory.computeIfAbsent(decision.category(), c -> new ArrayList<>()).add(decision.similarity());
        }
        Map<String, Double> band = new LinkedHashMap<>();
        band.put("filter.low", thresholds.filterLow());
        band.put("filter.high", thresholds.filterHigh());
        histograms(out, "similarity", "Reference-target similarity (DINOv2 cosine)", "similarity", byCategory,
                SIMILARITY_BINS, -1.0, 1.0, band, "No filter decisions.");
    }

    private void scoresSection(StringBuilder out) {
        Map<String, List<Double>> byCategory = new TreeMap<>();
        long unscored = 0;
        Map<String, Long> failedBecause = new TreeMap<>();
        for (JudgeVerdict verdict : verdicts) {
            switch (verdict.status()) {
                case SCORED -> byCategory.computeIfAbsent(verdict.category(), c -> new ArrayList<>())
                        .add(verdict.finalScore());
                case UNSCORED -> unscored++;
                case FAILED -> failedBecause.merge(verdict.failureReason().isEmpty() ? "unknown"
                        : verdict.failureReason(), 1L, Long::sum);
            }
        }
        long failed = failedBecause.values().stream().mapToLong(Long::longValue).sum();
        String empty = "No scores.";
        if (unscored > 0) {
            empty = "No scores: " + unscored + " pairs are unscored (no judge configured).";
        }
        if (failed > 0) {
            empty = "No scores: " + failed + " pairs failed to score (" + reasons(failedBecause)
                    + "; see Failures).";
        }
        histograms(out, "scores", "Final judge scores (0-4)", "final score", byCategory, SCORE_BINS, 0.0, 4.0,
                Map.of("select.min-final-score", thresholds.minFinalScore()), empty);
        if (!byCategory.isEmpty() && (unscored > 0 || failed > 0)) {
            out.append("<p>").append(unscored).append(" unscored, ").append(failed).append(" failed to score")
                    .append(failed > 0 ? " (" + Html.escape(reasons(failedBecause)) + ")" : "").append(".</p>\n");
        }
    }

    private static String reasons(Map<String, Long> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((reason, count) -> text.append(text.isEmpty() ? "" : ", ").append(reason).append(": ")
                .append(count));
        return text.toString();
    }

    private static void histograms(StringBuilder out, String id, String heading, String axis,
            Map<String, List<Double>> byCategory, int bins, double floor, double ceiling,
            Map<String, Double> thresholds, String empty) {
        out.append("<section id=\"").append(id).append("\">\n<h2>").append(Html.escape(heading)).append("</h2>\n");
        if (byCategory.isEmpty()) {
            out.append("<p class=\"empty\">").append(Html.escape(empty)).append("</p>\n");
        }
        out.append("<div class=\"charts\">\n");
        byCategory.forEach((category, values) -> {
            Histogram histogram = Histogram.fitted(values, bins, floor, ceiling);
            String offChart = histogram.offChart(thresholds);
            out.append("<figure>").append(histogram.svg(category + " " + id, axis, thresholds))
                    .append("<figcaption>").append(Html.escape(category)).append(" (n=").append(histogram.total())
                    .append(")").append(offChart.isEmpty() ? "" : "<br><span class=\"meta\">"
                            + Html.escape(offChart) + "</span>")
                    .append("</figcaption></figure>\n");
        });
        out.append("</div>\n</section>\n");
    }

    private void samplesSection(StringBuilder out) {
        out.append("<section id=\"samples\">\n<h2>Sample pairs</h2>\n<div class=\"grid\">\n");
        for (ReportSample sample : samples) {
            out.append("<figure class=\"pair").append(sample.selected() ? " selected" : "").append("\">")
                    .append("<img alt=\"reference\" src=\"").append(Html.escape(sample.referenceThumbnail()))
                    .append("\"><img alt=\"target\" src=\"").append(Html.escape(sample.targetThumbnail()))
                    .append("\"><figcaption><b>").append(Html.escape(sample.subject())).append("</b><br>")
                    .append(Html.escape(sample.scene())).append("<br><span class=\"meta\">")
                    .append(Html.escape(sample.category())).append(" &middot; ").append(Html.escape(sample.pairId()))
                    .append("<br>similarity ").append(sample.similarity() == null ? "-"
                            : String.format(Locale.ROOT, "%.3f", sample.similarity()))
                    .append(" &middot; ").append(Html.escape(scoreText(sample)))
                    .append(sample.selected() ? " &middot; selected" : "").append("</span>");
            if (!sample.failureReason().isEmpty()) {
                out.append("<br><span class=\"meta\">judge failure: <code>")
                        .append(Html.escape(sample.failureReason())).append("</code></span>");
            }
            if (!sample.reasoning().isEmpty()) {
                out.append("<details><summary>judge&#39;s reasoning</summary><pre>")
                        .append(Html.escape(sample.reasoning())).append("</pre></details>");
            }
            out.append("</figcaption></figure>\n");
        }
        if (samples.isEmpty()) {
            out.append("<p class=\"empty\">No pairs.</p>\n");
        }
        out.append("</div>\n</section>\n");
    }

    private static String scoreText(ReportSample sample) {
        if (sample.status() == null) {
            return "not judged";
        }
        return switch (sample.status()) {
            case SCORED -> String.format(Locale.ROOT, "final %.1f", sample.finalScore());
            case UNSCORED -> "unscored";
            case FAILED -> "judge failed";
        };
    }

    private static void expandSection(StringBuilder out, ExpandReport section) {
        ExpandFunnel funnel = section.funnel();
        out.append("<section id=\"expand\">\n<h2>Multi-subject sets (expand)</h2>\n");
        Map<String, Long> steps = new LinkedHashMap<>();
        steps.put("selected pairs read", funnel.pairs());
        steps.put("pairs with detections", funnel.detected());
        steps.put("pairs with subjects chosen", funnel.chosen());
        steps.put("references made", funnel.referencesMade());
        steps.put("references verified", funnel.referencesKept());
        steps.put("sets", funnel.sets());
        funnel.setsByN().forEach((n, count) -> steps.put("sets with N = " + n, count));
        long widest = Math.max(1, steps.values().stream().mapToLong(Long::longValue).max().orElse(1));
        int barHeight = 22;
        int labelWidth = 190;
        int width = 560;
        out.append(String.format(Locale.ROOT, "<svg class=\"expand-funnel\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"expand funnel\">", width,
                steps.size() * (barHeight + 4)));
        int row = 0;
        for (Map.Entry<String, Long> step : steps.entrySet()) {
            // References can outnumber pairs (N - 1 per set), so bars are relative to the largest count.
            double bar = (double) step.getValue() / widest * (width - labelWidth - 60);
            int y = row++ * (barHeight + 4);
            out.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text><rect x=\"%d\" y=\"%d\" "
                    + "width=\"%.1f\" height=\"%d\"><title>%s: %d</title></rect><text x=\"%.1f\" y=\"%d\">%d</text>",
                    y + 15, Html.escape(step.getKey()), labelWidth, y, bar, barHeight, Html.escape(step.getKey()),
                    step.getValue(), labelWidth + bar + 4, y + 15, step.getValue()));
        }
        out.append("</svg>\n<table class=\"expand-funnel\">\n<thead><tr><th>step</th><th>count</th></tr></thead>\n"
                + "<tbody>\n");
        steps.forEach((step, count) -> out.append("<tr><td>").append(Html.escape(step))
                .append("</td><td class=\"count\">").append(count).append("</td></tr>\n"));
        out.append("</tbody>\n</table>\n<p class=\"meta\">A pair that yields no set is counted by reason under "
                + "Failures (stage expand).</p>\n<div class=\"grid\">\n");
        for (ExpandSample sample : section.samples()) {
            expandCard(out, sample);
        }
        if (section.samples().isEmpty()) {
            out.append("<p class=\"empty\">No sets.</p>\n");
        }
        out.append("</div>\n</section>\n");
    }

    /** A set: the target with the chosen boxes drawn in its own pixels, then the references in order. */
    private static void expandCard(StringBuilder out, ExpandSample sample) {
        int side = ReportSample.THUMBNAIL_SIDE;
        double scale = (double) side / Math.max(sample.targetWidth(), sample.targetHeight());
        double fontSize = Math.max(sample.targetWidth(), sample.targetHeight()) / 12.0;
        out.append("<figure class=\"set\">").append(String.format(Locale.ROOT, "<svg class=\"set-target\" "
                + "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%.0f\" height=\"%.0f\" "
                + "role=\"img\" aria-label=\"target of %s\"><image href=\"%s\" x=\"0\" y=\"0\" width=\"%d\" "
                + "height=\"%d\"/>", sample.targetWidth(), sample.targetHeight(), sample.targetWidth() * scale,
                sample.targetHeight() * scale, Html.escape(sample.setId()), Html.escape(sample.targetThumbnail()),
                sample.targetWidth(), sample.targetHeight()));
        for (int i = 0; i < sample.boxes().size(); i++) {
            PixelBox box = sample.boxes().get(i);
            out.append(String.format(Locale.ROOT, "<rect class=\"box\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                    + "height=\"%.1f\" vector-effect=\"non-scaling-stroke\"><title>%d %s %.2f</title></rect>"
                    + "<text class=\"box\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\">%d</text>", box.x0(),
                    box.y0(), box.width(), box.height(), i + 2, Html.escape(sample.labels().get(i)),
                    sample.scores().get(i), box.x0() + 2, box.y0() + fontSize, fontSize, i + 2));
        }
        out.append("</svg><br>");
        for (int i = 0; i < sample.n(); i++) {
            String label = i == 0 ? sample.subject() : sample.labels().get(i - 1);
            out.append("<img alt=\"reference ").append(i + 1).append(": ").append(Html.escape(label))
                    .append("\" src=\"").append(Html.escape(sample.referenceThumbnails().get(i))).append("\">");
        }
        out.append("<figcaption><b>").append(Html.escape(sample.setId())).append("</b> &middot; N = ")
                .append(sample.n()).append("<br><span class=\"meta\">").append(Html.escape(sample.category()))
                .append(" &middot; from ").append(Html.escape(sample.sourcePairId())).append(" &middot; references ")
                .append(Html.escape(sample.referenceKind())).append("</span>\n<table class=\"set-references\">"
                        + "<thead><tr><th>#</th><th>label</th><th>score</th><th>similarity</th></tr></thead><tbody>")
                .append("<tr><td>1</td><td>").append(Html.escape(sample.subject()))
                .append(" (original)</td><td></td><td></td></tr>");
        for (int i = 0; i < sample.n() - 1; i++) {
            out.append("<tr><td>").append(i + 2).append("</td><td>").append(Html.escape(sample.labels().get(i)))
                    .append("</td><td class=\"count\">")
                    .append(String.format(Locale.ROOT, "%.3f", sample.scores().get(i)))
                    .append("</td><td class=\"count\">").append(sample.similarities().isEmpty() ? "-"
                            : String.format(Locale.ROOT, "%.3f", sample.similarities().get(i)))
                    .append("</td></tr>");
        }
        out.append("</tbody></table></figcaption></figure>\n");
    }

    private static void trainingSection(StringBuilder out, List<TrainingReport> stages) {
        out.append("<section id=\"train\">\n<h2>Training</h2>\n<table>\n<thead><tr><th>stage</th><th>steps</th>"
                + "<th>loss, first " + LOSS_WINDOW + "</th><th>loss, last " + LOSS_WINDOW + "</th><th>ratio</th>"
                + "<th>step time, mean</th><th>step time, max</th><th>total</th></tr></thead>\n<tbody>\n");
        for (TrainingReport stage : stages) {
            List<TrainingStep> steps = stage.log().steps();
            double first = stage.log().meanLoss(LOSS_WINDOW, false);
            double last = stage.log().meanLoss(LOSS_WINDOW, true);
            double total = steps.stream().mapToDouble(TrainingStep::seconds).sum();
            double max = steps.stream().mapToDouble(TrainingStep::seconds).max().orElse(0);
            out.append(String.format(Locale.ROOT, "<tr><td>%d</td><td class=\"count\">%s</td><td class=\"count\">"
                    + "%s</td><td class=\"count\">%s</td><td class=\"count\">%s</td><td class=\"count\">%s s</td>"
                    + "<td class=\"count\">%s s</td><td class=\"count\">%s s</td></tr>\n", stage.stage(),
                    steps.isEmpty() ? "0" : steps.get(0).step() + "-" + steps.get(steps.size() - 1).step(),
                    Histogram.format(first, 4), Histogram.format(last, 4),
                    last > 0 ? Histogram.format(first / last, 2) + "x" : "-",
                    Histogram.format(steps.isEmpty() ? 0 : total / steps.size(), 3), Histogram.format(max, 3),
                    Histogram.format(total, 1)));
        }
        out.append("</tbody>\n</table>\n<p class=\"meta\">From <code>train/stage-&lt;n&gt;/steps.csv</code>; a "
                + "step's time is the wall time since the previous step of its run, checkpoint writes included; "
                + "a resumed run keeps the steps up to its checkpoint.</p>\n");
        for (TrainingReport stage : stages) {
            List<TrainingStep> steps = stage.log().steps();
            long[] x = steps.stream().mapToLong(TrainingStep::step).toArray();
            out.append("<h3>Stage ").append(stage.stage()).append(" <span class=\"meta\">")
                    .append(Html.escape(stage.location())).append("</span></h3>\n<div class=\"charts\">")
                    .append("<figure>").append(LineChart.svg("stage " + stage.stage() + " loss", "step", "loss", x,
                            steps.stream().mapToDouble(TrainingStep::loss).toArray()))
                    .append("<figcaption>loss per step</figcaption></figure>")
                    .append("<figure>").append(LineChart.svg("stage " + stage.stage() + " step time", "step",
                            "seconds", x, steps.stream().mapToDouble(TrainingStep::seconds).toArray()))
                    .append("<figcaption>step time (s)</figcaption></figure></div>\n");
        }
        out.append("</section>\n");
    }

    private void modelsSection(StringBuilder out) {
        out.append("<section id=\"models\">\n<h2>Models</h2>\n<p class=\"meta\">As the shards recorded them: "
                + "name=location@checksum (<code>unverified</code>: no <code>models.&lt;name&gt;.checksum</code> "
                + "configured).</p>\n<ul>\n");
        for (String model : models) {
            out.append("<li><code>").append(Html.escape(model)).append("</code></li>\n");
        }
        out.append("</ul>\n</section>\n");
    }

    private void configSection(StringBuilder out) {
        out.append("<section id=\"config\">\n<h2>Configuration</h2>\n<p>The effective settings of this run, "
                + "defaults included. Saved as a file, <code>--conf</code> takes them back.</p>\n"
                + "<pre class=\"config\" id=\"config-properties\">").append(Html.escape(properties()))
                .append("</pre>\n</section>\n");
    }

    /** The config as a file: {@code key = value} lines, secret-looking keys commented out and redacted. */
    public String properties() {
        StringBuilder text = new StringBuilder("# unosynth effective configuration (").append(header.codeVersion())
                .append(")\n");
        config.forEach((key, value) -> {
            // unosynth's own keys name secrets (a variable, a file); pass-through Spark keys may hold one.
            if (key.startsWith("spark.") && SECRET_KEY.matcher(key).matches() && !value.isEmpty()) {
                text.append("# ").append(key).append(" = ").append(REDACTED).append('\n');
            } else {
                text.append(key).append(" = ").append(value).append('\n');
            }
        });
        return text.toString();
    }
}
