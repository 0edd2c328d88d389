package io.xsfu.bench.report;

import io.xsfu.bench.scenario.Measurement;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Delivered copies/s by fan-out, one line per forwarder, one panel per payload size (single-publisher
 * scenarios), drawn with Java2D (headless) into a PNG.
 */
public final class ThroughputPlot {
    static final int PANEL_WIDTH = 560;
    static final int HEIGHT = 460;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 60;
    private static final int BOTTOM = 110;
    private static final Map<String, Color> COLORS = Map.of(
            "xsfu-afxdp", new Color(0xD62728), "xsfu-socket", new Color(0xFF7F0E), "c-afxdp", new Color(0x1F77B4),
            "c-socket", new Color(0x17BECF), "janus", new Color(0x2CA02C), "xsfu-afxdp-srtp", new Color(0x8C1A1B),
            "xsfu-socket-srtp", new Color(0xB35900));
    private static final List<String> ORDER = List.of("xsfu-afxdp", "c-afxdp", "xsfu-socket", "c-socket", "janus",
            "xsfu-afxdp-srtp", "xsfu-socket-srtp");
    /** SRTP rows are dashed, in a darker shade of their plain row's colour. */
    private static final float[] DASH = {9f, 5f};

    private ThroughputPlot() {
    }

    /** Series per payload: forwarder -> (fan-out -> delivered copies/s), single-publisher scenarios that ran. */
    static Map<Integer, Map<String, TreeMap<Integer, Double>>> series(List<Measurement> results) {
        Map<Integer, Map<String, TreeMap<Integer, Double>>> byPayload = new TreeMap<>();
        for (Measurement m : results) {
            if (m.scenario().publishers() != 1 || !m.ok()) {
                continue;
            }
            byPayload.computeIfAbsent(m.scenario().payloadBytes(), k -> new TreeMap<>())
                    .computeIfAbsent(m.forwarder(), k -> new TreeMap<>())
                    .put(m.scenario().fanout(), m.max().deliveredPerSecond());
        }
        return byPayload;
    }

    public static BufferedImage render(List<Measurement> results, String caption) {
        Map<Integer, Map<String, TreeMap<Integer, Double>>> data = series(results);
        int panels = Math.max(1, data.size());
        BufferedImage img = new BufferedImage(PANEL_WIDTH * panels, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            int i = 0;
            for (var e : data.entrySet()) {
                panel(g, i++ * PANEL_WIDTH, e.getKey(), e.getValue());
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(caption, 10, HEIGHT - 10);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void panel(Graphics2D g, int x0, int payload, Map<String, TreeMap<Integer, Double>> lines) {
        TreeSet<Integer> fanouts = new TreeSet<>();
        double top = 0;
        for (TreeMap<Integer, Double> l : lines.values()) {
            fanouts.addAll(l.keySet());
            for (double v : l.values()) {
                top = Math.max(top, v);
            }
        }
        double step = niceStep(top / 5);
        double yMax = Math.max(step, Math.ceil(top / step) * step);
        int plotW = PANEL_WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        int px = x0 + LEFT;
        int py = TOP;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.BLACK);
        g.drawString("Delivered copies/s by fan-out, " + payload + "-byte RTP", x0 + LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (double v = 0; v <= yMax + step / 2; v += step) {
            int y = py + plotH - (int) Math.round(v / yMax * plotH);
            g.setColor(new Color(0xE0E0E0));
            g.drawLine(px, y, px + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String label = BenchReport.count(v);
            g.drawString(label, px - 8 - fm.stringWidth(label), y + 4);
        }
        List<Integer> xs = new ArrayList<>(fanouts);
        for (int k = 0; k < xs.size(); k++) {
            int x = xOf(k, xs.size(), px, plotW);
            String label = Integer.toString(xs.get(k));
            g.drawString(label, x - fm.stringWidth(label) / 2, py + plotH + 18);
        }
        g.drawString("fan-out (subscribers per stream)", px + plotW / 2 - 90, py + plotH + 38);
        g.setColor(Color.BLACK);
        g.drawRect(px, py, plotW, plotH);
        int legendX = px;
        int legendY = py + plotH + 62;
        for (String name : ORDER) {
            TreeMap<Integer, Double> l = lines.get(name);
            if (l == null) {
                continue;
            }
            Color c = COLORS.getOrDefault(name, Color.GRAY);
            g.setColor(c);
            float width = name.startsWith("xsfu") ? 3f : 2f;
            g.setStroke(name.endsWith("-srtp")
                    ? new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, DASH, 0f)
                    : new BasicStroke(width));
            int prevX = -1;
            int prevY = -1;
            for (var p : l.entrySet()) {
                int x = xOf(xs.indexOf(p.getKey()), xs.size(), px, plotW);
                int y = py + plotH - (int) Math.round(p.getValue() / yMax * plotH);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, x, y);
                }
                g.fillOval(x - 4, y - 4, 8, 8);
                prevX = x;
                prevY = y;
            }
            g.fillRect(legendX, legendY - 8, 14, 8);
            g.setColor(Color.BLACK);
            g.drawString(name, legendX + 18, legendY);
            legendX += 28 + fm.stringWidth(name);
            if (legendX > x0 + PANEL_WIDTH - 110) {
                legendX = px;
                legendY += 18;
            }
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static int xOf(int index, int count, int px, int plotW) {
        return count <= 1 ? px + plotW / 2 : px + 30 + index * (plotW - 60) / (count - 1);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    public static void write(Path file, List<Measurement> results, String caption) throws IOException {
        if (!ImageIO.write(render(results, caption), "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    static String caption(String machine) {
        return String.format(Locale.ROOT, "%s", machine);
    }
}
