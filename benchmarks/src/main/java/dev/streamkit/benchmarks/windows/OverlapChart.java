package dev.streamkit.benchmarks.windows;

import dev.streamkit.benchmarks.harness.Measurement;
import dev.streamkit.benchmarks.harness.Workload;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Records the runs of the overlap sweep and draws events/s against the number of overlapping
 * windows (log-log) for ours and Flink's window operator into a PNG when the JVM exits.
 */
public final class OverlapChart {
    private final Map<String, Map<Integer, List<Double>>> series = new TreeMap<>();
    private final String title;
    private final File file;
    private final String xLabel;
    private final int[] ticks;

    public OverlapChart(String title, File file) {
        this(
                title,
                file,
                "overlapping windows per event (size / slide), log scale",
                new int[] {1, 2, 5, 10, 20, 50, 100, 120});
    }

    /**
     * A chart of events/s against any positive integer parameter (log-log), e.g. active keys.
     *
     * @param xLabel the x axis caption
     * @param ticks the x values labelled on the axis
     */
    public OverlapChart(String title, File file, String xLabel, int[] ticks) {
        this.title = title;
        this.file = file;
        this.xLabel = xLabel;
        this.ticks = ticks.clone();
    }

    /** Wraps a workload so that its runs are recorded under {@code name} at {@code overlap}. */
    public synchronized Workload record(String name, int overlap, Workload workload) {
        return backend -> {
            Measurement m = workload.run(backend);
            synchronized (OverlapChart.this) {
                series.computeIfAbsent(name, n -> new TreeMap<>())
                        .computeIfAbsent(overlap, o -> new ArrayList<>())
                        .add(m.eventsPerSecond());
            }
            return m;
        };
    }

    /** Writes the chart when the JVM exits (after the runner printed its table). */
    public void writeOnExit() {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        write();
                                    } catch (IOException e) {
                                        System.err.println("Could not write " + file + ": " + e);
                                    }
                                }));
    }

    /** Median of the measured runs (the first run of each point is the warm-up: skipped). */
    static double median(List<Double> runs) {
        List<Double> measured = runs.size() > 1 ? runs.subList(1, runs.size()) : runs;
        double[] v = measured.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String tick(int x) {
        if (x >= 1_000_000 && x % 1_000_000 == 0) {
            return x / 1_000_000 + "M";
        }
        if (x >= 1000 && x % 1000 == 0) {
            return x / 1000 + "k";
        }
        return Integer.toString(x);
    }

    synchronized void write() throws IOException {
        if (series.isEmpty()) {
            return;
        }
        int w = 900;
        int h = 560;
        int left = 90;
        int right = 30;
        int top = 50;
        int bottom = 70;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        int maxX = 1;
        for (Map<Integer, List<Double>> points : series.values()) {
            for (Map.Entry<Integer, List<Double>> p : points.entrySet()) {
                double y = median(p.getValue());
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                maxX = Math.max(maxX, p.getKey());
            }
        }
        double lyMin = Math.floor(Math.log10(minY));
        double lyMax = Math.ceil(Math.log10(maxY));
        if (lyMax <= lyMin) {
            lyMax = lyMin + 1;
        }
        double lxMax = Math.log10(Math.max(maxX, 10));
        int plotW = w - left - right;
        int plotH = h - top - bottom;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawRect(left, top, plotW, plotH);
        for (double ly = lyMin; ly <= lyMax + 1e-9; ly++) {
            int y = top + plotH - (int) ((ly - lyMin) / (lyMax - lyMin) * plotH);
            g.setColor(new Color(220, 220, 220));
            g.drawLine(left, y, left + plotW, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%,.0f", Math.pow(10, ly)), 5, y + 4);
        }
        for (int x : ticks) {
            if (x > maxX) {
                continue;
            }
            int px = left + (int) (Math.log10(x) / lxMax * plotW);
            g.setColor(new Color(220, 220, 220));
            g.drawLine(px, top, px, top + plotH);
            g.setColor(Color.BLACK);
            g.drawString(tick(x), px - 8, top + plotH + 18);
        }
        g.drawString(xLabel, left + plotW / 2 - 160, h - 25);
        g.drawString("events/s (log)", 5, top - 10);
        Color[] colors = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115)};
        int ci = 0;
        int legendY = top + 20;
        for (Map.Entry<String, Map<Integer, List<Double>>> s : series.entrySet()) {
            g.setColor(colors[ci++ % colors.length]);
            g.setStroke(new BasicStroke(2.5f));
            int px0 = -1;
            int py0 = -1;
            for (Map.Entry<Integer, List<Double>> p : s.getValue().entrySet()) {
                int px = left + (int) (Math.log10(p.getKey()) / lxMax * plotW);
                double ly = Math.log10(median(p.getValue()));
                int py = top + plotH - (int) ((ly - lyMin) / (lyMax - lyMin) * plotH);
                g.fillOval(px - 4, py - 4, 8, 8);
                if (px0 >= 0) {
                    g.drawLine(px0, py0, px, py);
                }
                px0 = px;
                py0 = py;
            }
            g.fillRect(left + plotW - 230, legendY - 9, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(s.getKey(), left + plotW - 210, legendY);
            legendY += 18;
        }
        g.dispose();
        File dir = file.getAbsoluteFile().getParentFile();
        if (dir != null && !dir.exists() && !dir.mkdirs()) {
            throw new IOException("cannot create " + dir);
        }
        ImageIO.write(img, "png", file);
        System.err.println("Wrote chart " + file);
    }
}
