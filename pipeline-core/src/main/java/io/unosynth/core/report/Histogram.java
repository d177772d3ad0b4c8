package io.unosynth.core.report;

import static io.unosynth.core.error.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.Locale;

/**
 * Counts of values in {@code bins} equal bins over {@code [min, max]}; values outside are clamped into the first or
 * last bin (the last bin includes {@code max}). Renders as a small inline SVG bar chart.
 */
final class Histogram {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 120;
    private static final int AXIS = 18;

    private final double min;
    private final double max;
    private final long[] counts;
    private long total;

    Histogram(double min, double max, int bins) {
        checkArgument(max > min && bins > 0, "Invalid histogram: [%s, %s] in %s bins", min, max, bins);
        this.min = min;
        this.max = max;
        this.counts = new long[bins];
    }

    void add(double value) {
        if (Double.isNaN(value)) {
            return;
        }
        int bin = (int) Math.floor((value - min) / (max - min) * counts.length);
        counts[Math.max(0, Math.min(counts.length - 1, bin))]++;
        total++;
    }

    long total() {
        return total;
    }

    long[] counts() {
        return Arrays.copyOf(counts, counts.length);
    }

    /** An SVG with one bar per bin, the count in each bar's tooltip and min/max labels under the axis. */
    String svg(String label) {
        long peak = Math.max(1, Arrays.stream(counts).max().orElse(0));
        double barWidth = (double) WIDTH / counts.length;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg class=\"histogram\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                WIDTH, HEIGHT + AXIS, WIDTH, HEIGHT + AXIS, Html.escape(label)));
        for (int i = 0; i < counts.length; i++) {
            double height = (double) counts[i] / peak * (HEIGHT - 4);
            double from = min + (max - min) * i / counts.length;
            double to = min + (max - min) * (i + 1) / counts.length;
            out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
                    + "<title>%.2f-%.2f: %d</title></rect>", i * barWidth + 1, HEIGHT - height, barWidth - 2,
                    height, from, to, counts[i]));
        }
        out.append(String.format(Locale.ROOT, "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", HEIGHT, WIDTH,
                HEIGHT));
        out.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", HEIGHT + AXIS - 4,
                format(min)));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", WIDTH,
                HEIGHT + AXIS - 4, format(max)));
        out.append("</svg>");
        return out.toString();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
