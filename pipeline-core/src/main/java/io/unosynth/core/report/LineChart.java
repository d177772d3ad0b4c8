package io.unosynth.core.report;

import static io.unosynth.core.error.Preconditions.checkArgument;

import java.util.Locale;

/**
 * An inline SVG line chart of one series over training steps, e.g. the loss curve: x from the first to the last
 * step, y from the series' minimum to its maximum, both axes labelled with their ends. Non-finite values are
 * left out of the line.
 */
final class LineChart {
    private static final int WIDTH = 520;
    private static final int HEIGHT = 150;
    private static final int LEFT = 48;
    private static final int TOP = 12;
    private static final int BOTTOM = 34;
    private static final int PLOT_WIDTH = WIDTH - LEFT - 20;

    private LineChart() {}

    /** @param x the steps, increasing; {@code y} the values, same length */
    static String svg(String label, String xTitle, String yTitle, long[] x, double[] y) {
        checkArgument(x.length == y.length, "Invalid line chart: %s steps, %s values", x.length, y.length);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (double value : y) {
            if (Double.isFinite(value)) {
                low = Math.min(low, value);
                high = Math.max(high, value);
            }
        }
        if (low > high) {
            low = 0;
            high = 1;
        } else if (high == low) {
            high = low + Math.max(Math.abs(low) * 0.01, 1e-9);
        }
        long first = x.length == 0 ? 0 : x[0];
        long last = x.length == 0 ? 1 : Math.max(x[x.length - 1], first + 1);
        int base = TOP + HEIGHT;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "<svg class=\"line-chart\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                WIDTH, base + BOTTOM, WIDTH, base + BOTTOM, Html.escape(label)));
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(y[i])) {
                double px = LEFT + (double) (x[i] - first) / (last - first) * PLOT_WIDTH;
                double py = base - (y[i] - low) / (high - low) * HEIGHT;
                points.append(points.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", px, py));
            }
        }
        out.append("<polyline class=\"series\" points=\"").append(points).append("\"/>");
        out.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
                + "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
                LEFT, base, LEFT + PLOT_WIDTH, base, LEFT, TOP, LEFT, base));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                LEFT, base + 15, first, LEFT + PLOT_WIDTH, base + 15, last, LEFT + PLOT_WIDTH / 2, base + 30,
                Html.escape(xTitle)));
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                + "<text x=\"2\" y=\"%d\" transform=\"rotate(-90 8 %d)\">%s</text>",
                LEFT - 3, TOP + 8, Histogram.format(high, 4), LEFT - 3, base, Histogram.format(low, 4),
                TOP + HEIGHT / 2 + 16, TOP + HEIGHT / 2, Html.escape(yTitle)));
        out.append("</svg>");
        return out.toString();
    }
}
