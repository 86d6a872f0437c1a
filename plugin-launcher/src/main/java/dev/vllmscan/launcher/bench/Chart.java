package dev.vllmscan.launcher.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The bench picture, drawn with Java2D (no charting dependency for one image): panels of grouped bars side by side,
 * each on its own axis, with goal lines, a note over each group and a caption saying when and where it was measured.
 */
final class Chart {
  private Chart() {}

  /** One group of bars; {@code note} is written above it, {@code marker} (if ≥ 0) is a dashed tick at that value. */
  record Group(String label, List<Double> values, String note, double marker) {
    Group(String label, List<Double> values) {
      this(label, values, null, -1);
    }
  }

  /** A horizontal goal line at {@code value}. */
  record Goal(String label, double value) {}

  record Panel(String title, List<String> series, List<Group> groups, List<Goal> goals, String markerLabel) {}

  private static final Color[] PALETTE = {new Color(33, 102, 172), new Color(214, 96, 77), new Color(77, 146, 33)};

  static void panels(Path png, String title, String caption, List<Panel> panels) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int panelW = 620;
    int w = panelW * panels.size();
    int h = 560;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(title, 20, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(Color.DARK_GRAY);
    g.drawString(caption, 20, h - 10);
    for (int i = 0; i < panels.size(); i++) draw(g, panels.get(i), i * panelW, panelW, h);
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
  }

  private static void draw(Graphics2D g, Panel p, int x, int width, int h) {
    int left = x + 70;
    int top = 80;
    int bottom = 110;
    int plotH = h - top - bottom;
    int plotW = width - 100;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(p.title(), x + 20, 56);
    double max = 0;
    for (Group grp : p.groups()) for (double v : grp.values()) max = Math.max(max, v);
    for (Goal goal : p.goals()) max = Math.max(max, goal.value());
    max = niceCeiling(max * 1.08);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 5; i++) {
      int y = top + plotH - plotH * i / 5;
      g.setColor(new Color(228, 228, 228));
      g.drawLine(left, y, left + plotW, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(max < 5 ? "%.1f s" : "%.0f s", max * i / 5), x + 12, y + 4);
    }
    int groupW = plotW / Math.max(1, p.groups().size());
    int barW = Math.max(8, (groupW - 24) / Math.max(1, p.series().size()));
    for (int gi = 0; gi < p.groups().size(); gi++) {
      Group grp = p.groups().get(gi);
      int x0 = left + gi * groupW + 12;
      int highest = top + plotH;
      for (int si = 0; si < grp.values().size(); si++) {
        double v = grp.values().get(si);
        if (v < 0) continue;
        int bh = (int) Math.round(plotH * v / max);
        g.setColor(PALETTE[si % PALETTE.length]);
        g.fillRect(x0 + si * barW, top + plotH - bh, barW - 4, bh);
        g.setColor(Color.BLACK);
        g.drawString(String.format(v < 10 ? "%.2f" : "%.1f", v), x0 + si * barW, top + plotH - bh - 4);
        highest = Math.min(highest, top + plotH - bh);
      }
      if (grp.marker() >= 0) {
        int y = top + plotH - (int) Math.round(plotH * grp.marker() / max);
        g.setColor(new Color(120, 120, 120));
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
        g.drawLine(x0 - 4, y, x0 + barW, y);
        g.setStroke(new BasicStroke(1f));
      }
      if (grp.note() != null) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(grp.note(), x0, Math.max(top - 4, highest - 20));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      }
      g.setColor(Color.BLACK);
      g.drawString(grp.label(), x0, top + plotH + 18);
    }
    for (Goal goal : p.goals()) {
      int y = top + plotH - (int) Math.round(plotH * goal.value() / max);
      g.setColor(new Color(200, 40, 40));
      g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
      g.drawLine(left, y, left + plotW, y);
      g.setStroke(new BasicStroke(1f));
      g.drawString(goal.label(), left + 4, y - 4);
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1.5f));
    g.drawLine(left, top + plotH, left + plotW, top + plotH);
    g.setStroke(new BasicStroke(1f));
    int lx = x + 20;
    for (int si = 0; si < p.series().size(); si++) {
      g.setColor(PALETTE[si % PALETTE.length]);
      g.fillRect(lx, h - 64, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(p.series().get(si), lx + 18, h - 53);
      lx += 20 + g.getFontMetrics().stringWidth(p.series().get(si)) + 16;
    }
    if (p.markerLabel() != null) {
      g.setColor(new Color(120, 120, 120));
      g.drawString("- - " + p.markerLabel(), x + 20, h - 36);
    }
  }

  private static double niceCeiling(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1e-3))));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) return m * p;
    }
    return 10 * p;
  }
}
