package io.unosynth.core.report;

import static io.unosynth.core.error.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counts of values in {@code bins} equal bins over {@code [min, max]}; values outside are clamped into the first or
 * last bin (the last bin includes {@code max}). Renders as an inline SVG bar chart with both axes labelled and the
 * configured thresholds drawn as dashed lines.
 */
final class Histogram {
    private static final int WIDTH = 360;
    private static final int HEIGHT = 130;
    private static final int LEFT = 34;
    private static final int TOP = 14;
    private static final int BOTTOM = 34;
    /** Room on the right for the last tick label, centred on the axis end. */
    private static final int PLOT_WIDTH = WIDTH - LEFT - 22;
    private static final int TICKS = 4;

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

    /**
     * A histogram whose range is fitted to {@code values} (so values close together still spread over the bins),
     * padded by a bin's width and kept within {@code [floor, ceiling]}.
     */
    static Histogram fitted(List<Double> values, int bins, double floor, double ceiling) {
        double low = values.stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).min().orElse(floor);
        double high = values.stream().filter(v -> !v.isNaN()).mapToDouble(Double::doubleValue).max().orElse(ceiling);
        double span = Math.max(high - low, (ceiling - floor) / 100);
        double pad = span / bins;
        double from = Math.max(floor, low - pad);
        double to = Math.min(ceiling, high + pad);
        if (to <= from) {
            from = floor;
            to = ceiling;
        }
        Histogram histogram = new Histogram(from, to, bins);
        values.forEach(histogram::add);
        return histogram;
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

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    String svg(String label) {
        return svg(label, "value", Map.of());
    }

    /**
     * An SVG with one bar per bin (its range and count in the bar's tooltip), an x axis with ticks titled
     * {@code xTitle}, a y axis of counts, and each threshold inside the range as a labelled dashed line.
     */
    String svg(String label, String xTitle, Map<String, Double> thresholds) {
        long peak = Math.max(1, Arrays.stream(counts).max().orElse(0));
        double barWidth = (double) PLOT_WIDTH / counts.length;
        int base = TOP + HEIGHT;
        // Enough decimals to tell one bin's edges apart.
        int decimals = decimals((max - min) / counts.length);
        int tickDecimals = decimals((max - min) / TICKS);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg class=\"histogram\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                WIDTH, base + BOTTOM, WIDTH, base + BOTTOM, Html.escape(label)));
        for (int i = 0; i < counts.length; i++) {
            double height = (double) counts[i] / peak * HEIGHT;
            double from = min + (max - min) * i / counts.length;
            double to = min + (max - min) * (i + 1) / counts.length;
            out.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
                    + "<title>%s-%s: %d</title></rect>", LEFT + i * barWidth + 0.5, base - height,
                    Math.max(barWidth - 1, 0.5), height, format(from, decimals), format(to, decimals), counts[i]));
        }
        // Axes: x with ticks and values, y from 0 to the peak count.
        out.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                LEFT, base, LEFT + PLOT_WIDTH, base));
        out.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                LEFT, TOP, LEFT, base));
        for (int t = 0; t <= TICKS; t++) {
            double x = LEFT + (double) PLOT_WIDTH * t / TICKS;
            out.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, base, x, base + 4, x,
                    base + 15, format(min + (max - min) * t / TICKS, tickDecimals)));
        }
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                LEFT + PLOT_WIDTH / 2, base + 30, Html.escape(xTitle)));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>"
                + "<text x=\"2\" y=\"%d\" transform=\"rotate(-90 8 %d)\">pairs</text>",
                LEFT - 3, TOP + 8, peak, LEFT - 3, base, TOP + HEIGHT / 2 + 16, TOP + HEIGHT / 2));
        thresholds.forEach((name, value) -> {
            if (value >= min && value <= max) {
                double x = LEFT + (value - min) / (max - min) * PLOT_WIDTH;
                out.append(String.format(Locale.ROOT, "<line class=\"threshold\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
                        + "y2=\"%d\"><title>%s = %s</title></line><text class=\"threshold\" x=\"%.1f\" y=\"%d\" "
                        + "text-anchor=\"middle\">%s</text>", x, TOP, x, base, Html.escape(name), format(value), x,
                        TOP - 3, Html.escape(name)));
            }
        });
        out.append("</svg>");
        return out.toString();
    }

    /** Thresholds outside the fitted range, said in words (a line there would fall off the chart). */
    String offChart(Map<String, Double> thresholds) {
        StringBuilder out = new StringBuilder();
        thresholds.forEach((name, value) -> {
            if (value < min || value > max) {
                out.append(out.isEmpty() ? "" : "; ").append(name).append(" = ").append(format(value))
                        .append(value < min ? " (left of the chart)" : " (right of the chart)");
            }
        });
        return out.toString();
    }

    static String format(double value) {
        return format(value, 3);
    }

    /** Enough decimals to tell apart two values {@code step} apart. */
    private static int decimals(double step) {
        return (int) Math.max(1, Math.min(6, Math.ceil(-Math.log10(step)) + 1));
    }

    /** At most {@code decimals} decimals, trailing zeros dropped. */
    static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + Math.max(decimals, 1) + "f", value)
                .replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
}
