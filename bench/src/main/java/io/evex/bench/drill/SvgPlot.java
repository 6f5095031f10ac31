package io.evex.bench.drill;

import java.util.List;
import java.util.Locale;

/**
 * A small SVG line chart, one panel per series (minutes on x): enough to see at a glance whether
 * a long run stays flat, with no plotting tool to install.
 */
public final class SvgPlot {

    /** A named series of values, one per minute, with its unit. */
    public record Series(String name, String unit, double[] values) {}

    private static final int WIDTH = 720;
    private static final int PANEL = 120;
    private static final int LEFT = 90;

    private SvgPlot() {}

    public static String render(String title, List<Series> series) {
        StringBuilder svg = new StringBuilder();
        int height = 40 + series.size() * (PANEL + 30);
        svg.append(String.format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                        + "<text x=\"10\" y=\"22\" font-size=\"15\">%s</text>%n",
                WIDTH, height, escape(title)));
        int top = 40;
        for (Series s : series) {
            panel(svg, s, top);
            top += PANEL + 30;
        }
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, Series s, int top) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double v : s.values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (s.values.length == 0) {
            min = 0;
            max = 1;
        }
        min = Math.min(0, min);
        max = max <= min ? min + 1 : max * 1.1;
        int plotWidth = WIDTH - LEFT - 20;
        svg.append(String.format(
                "<text x=\"10\" y=\"%d\">%s (%s)</text>%n<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
                        + " fill=\"none\" stroke=\"#999\"/>%n<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n"
                        + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                top + 12,
                escape(s.name),
                escape(s.unit),
                LEFT,
                top + 18,
                plotWidth,
                PANEL,
                LEFT - 4,
                top + 28,
                number(max),
                LEFT - 4,
                top + 18 + PANEL,
                number(min)));
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < s.values.length; i++) {
            double x = LEFT + (s.values.length == 1 ? 0 : (double) i / (s.values.length - 1) * plotWidth);
            double y = top + 18 + PANEL - (s.values[i] - min) / (max - min) * PANEL;
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        svg.append(String.format(
                "<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"1.5\" points=\"%s\"/>%n", points));
    }

    private static String number(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }
}
