package io.unosynth.core.evaluate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The metric table of an evaluation: means per subject key, per (subject key, prompt) and over every generated
 * image (DreamBench reports the mean over all images; with K images for every prompt of every subject this is also
 * the mean of the per-subject means). Pure.
 */
public record EvaluationSummary(Map<String, Means> perSubject, Map<String, Means> perPrompt, Means mean) {
    public EvaluationSummary {
        perSubject = Collections.unmodifiableMap(new TreeMap<>(perSubject));
        perPrompt = Collections.unmodifiableMap(new TreeMap<>(perPrompt));
    }

    /** Mean DINO, CLIP-I and CLIP-T over {@code images} generated images. */
    public record Means(double dino, double clipI, double clipT, int images) {}

    public static EvaluationSummary of(List<EvaluationMetricRow> rows) {
        return new EvaluationSummary(grouped(rows, EvaluationMetricRow::subjects),
                grouped(rows, row -> promptKey(row.subjects(), row.prompt())), means(rows));
    }

    /** The summary as indented JSON ({@code perSubject}, {@code perPrompt}, {@code mean}); keys sorted. */
    public byte[] toJson() {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write evaluation summary: " + e.getMessage(), e);
        }
    }

    /** The per-prompt key: {@code <subjects> | <prompt>}. */
    public static String promptKey(String subjects, String prompt) {
        return subjects + " | " + prompt;
    }

    private static Map<String, Means> grouped(List<EvaluationMetricRow> rows,
            Function<EvaluationMetricRow, String> key) {
        Map<String, List<EvaluationMetricRow>> groups = new LinkedHashMap<>();
        rows.forEach(row -> groups.computeIfAbsent(key.apply(row), k -> new java.util.ArrayList<>()).add(row));
        Map<String, Means> out = new TreeMap<>();
        groups.forEach((name, group) -> out.put(name, means(group)));
        return out;
    }

    private static Means means(List<EvaluationMetricRow> rows) {
        double dino = 0;
        double clipI = 0;
        double clipT = 0;
        for (EvaluationMetricRow row : rows) {
            dino += row.dino();
            clipI += row.clipI();
            clipT += row.clipT();
        }
        int n = rows.size();
        return n == 0 ? new Means(0, 0, 0, 0) : new Means(dino / n, clipI / n, clipT / n, n);
    }
}
