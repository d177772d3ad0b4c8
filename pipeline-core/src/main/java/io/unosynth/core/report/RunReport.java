package io.unosynth.core.report;

import static java.util.Objects.requireNonNull;

import io.unosynth.core.filter.FilterDecision;
import io.unosynth.core.judge.JudgeVerdict;
import io.unosynth.core.select.Funnel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The static HTML report of a run: one self-contained file (inline CSS, inline SVG charts, thumbnails as data
 * URLs, no script, no external asset) that opens from disk. Sections, by element id: {@code funnel} (counts per
 * category), {@code similarity} and {@code scores} (histograms per category), {@code samples} (a grid of pairs
 * with their scores), {@code models} and {@code config}. All text from data is HTML-escaped.
 *
 * @param notices lines shown at the top, e.g. {@link io.unosynth.core.judge.PairJudge#UNCONFIGURED_NOTICE}
 * @param config the run's effective settings, key to value (secrets are never in it: keys are read from files
 *     or the environment at the moment of use)
 */
public record RunReport(String title, List<String> notices, Funnel funnel, List<FilterDecision> decisions,
        List<JudgeVerdict> verdicts, List<ReportSample> samples, List<String> models, Map<String, String> config) {
    static final int SIMILARITY_BINS = 20;
    /** Half-point bins over UNO's 0-4 scale. */
    static final int SCORE_BINS = 8;
    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; }
            th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
            td.count { text-align: right; font-variant-numeric: tabular-nums; }
            tr.total { font-weight: bold; }
            .notice { background: #fff3cd; border: 1px solid #e0c36b; padding: 0.5em; }
            .charts, .grid { display: flex; flex-wrap: wrap; gap: 1em; }
            svg.histogram rect { fill: #4a78b5; }
            svg.histogram line { stroke: #444; }
            svg.histogram text { font-size: 11px; fill: #444; }
            figure { margin: 0; }
            figure.pair { width: 340px; border: 1px solid #ddd; padding: 0.4em; }
            figure.pair.selected { border-color: #2e8b57; border-width: 2px; }
            figure.pair img { width: 160px; height: auto; margin-right: 4px; }
            .meta { color: #666; font-size: 0.9em; }
            """;

    public RunReport {
        requireNonNull(title, "title is null");
        notices = List.copyOf(notices);
        requireNonNull(funnel, "funnel is null");
        decisions = List.copyOf(decisions);
        verdicts = List.copyOf(verdicts);
        samples = List.copyOf(samples);
        models = List.copyOf(models);
        config = new TreeMap<>(config);
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
        funnelSection(out);
        similaritySection(out);
        scoresSection(out);
        samplesSection(out);
        modelsSection(out);
        configSection(out);
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private void funnelSection(StringBuilder out) {
        out.append("<section id=\"funnel\">\n<h2>Funnel</h2>\n<table>\n<thead><tr><th>category</th>");
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
        Map<String, Histogram> byCategory = new TreeMap<>();
        for (FilterDecision decision : decisions) {
            byCategory.computeIfAbsent(decision.category(), c -> new Histogram(0.0, 1.0, SIMILARITY_BINS))
                    .add(decision.similarity());
        }
        histograms(out, "similarity", "Reference-target similarity (DINOv2 cosine)", byCategory,
                "No filter decisions.");
    }

    private void scoresSection(StringBuilder out) {
        Map<String, Histogram> byCategory = new TreeMap<>();
        long unscored = 0;
        long failed = 0;
        for (JudgeVerdict verdict : verdicts) {
            switch (verdict.status()) {
                case SCORED -> byCategory.computeIfAbsent(verdict.category(), c -> new Histogram(0.0, 4.0, SCORE_BINS))
                        .add(verdict.finalScore());
                case UNSCORED -> unscored++;
                case FAILED -> failed++;
            }
        }
        String empty = unscored > 0 ? "No scores: " + unscored + " pairs are unscored (no judge configured)."
                : "No scores.";
        histograms(out, "scores", "Final judge scores (0-4)", byCategory, empty);
        if (!byCategory.isEmpty() && (unscored > 0 || failed > 0)) {
            out.append("<p>").append(unscored).append(" unscored, ").append(failed)
                    .append(" failed to score.</p>\n");
        }
    }

    private static void histograms(StringBuilder out, String id, String heading, Map<String, Histogram> byCategory,
            String empty) {
        out.append("<section id=\"").append(id).append("\">\n<h2>").append(Html.escape(heading)).append("</h2>\n");
        if (byCategory.isEmpty()) {
            out.append("<p class=\"empty\">").append(Html.escape(empty)).append("</p>\n");
        }
        out.append("<div class=\"charts\">\n");
        byCategory.forEach((category, histogram) -> out.append("<figure>")
                .append(histogram.svg(category + " " + id))
                .append("<figcaption>").append(Html.escape(category)).append(" (n=").append(histogram.total())
                .append(")</figcaption></figure>\n"));
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
                    .append(sample.selected() ? " &middot; selected" : "").append("</span></figcaption></figure>\n");
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

    private void modelsSection(StringBuilder out) {
        out.append("<section id=\"models\">\n<h2>Models</h2>\n<ul>\n");
        for (String model : models) {
            out.append("<li><code>").append(Html.escape(model)).append("</code></li>\n");
        }
        out.append("</ul>\n</section>\n");
    }

    private void configSection(StringBuilder out) {
        out.append("<section id=\"config\">\n<h2>Configuration</h2>\n<table>\n<tbody>\n");
        config.forEach((key, value) -> out.append("<tr><td><code>").append(Html.escape(key))
                .append("</code></td><td><code>").append(Html.escape(value)).append("</code></td></tr>\n"));
        out.append("</tbody>\n</table>\n</section>\n");
    }
}
