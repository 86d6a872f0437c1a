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

/** A grouped bar chart drawn with Java2D (no charting dependency for one picture): seconds per scenario. */
final class Chart {
  private Chart() {}

  record Group(String label, List<Double> values) {}

  static void bars(Path png, String title, List<String> series, List<Group> groups) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int w = 960;
    int h = 540;
    int left = 80;
    int bottom = 90;
    int top = 60;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(title, left, 32);
    double max = groups.stream().flatMap(x -> x.values().stream()).mapToDouble(Double::doubleValue).max().orElse(1);
    max = niceCeiling(max);
    int plotH = h - top - bottom;
    int plotW = w - left - 30;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 5; i++) {
      int y = top + plotH - plotH * i / 5;
      g.setColor(new Color(225, 225, 225));
      g.drawLine(left, y, left + plotW, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format("%.1f s", max * i / 5), 10, y + 4);
    }
    Color[] palette = {new Color(33, 102, 172), new Color(214, 96, 77), new Color(77, 146, 33), new Color(153, 112, 171)};
    int groupW = plotW / Math.max(1, groups.size());
    int barW = Math.max(6, (groupW - 20) / Math.max(1, series.size()));
    for (int gi = 0; gi < groups.size(); gi++) {
      Group grp = groups.get(gi);
      int x0 = left + gi * groupW + 10;
      for (int si = 0; si < grp.values().size(); si++) {
        double v = grp.values().get(si);
        if (v < 0) continue;
        int bh = (int) Math.round(plotH * v / max);
        g.setColor(palette[si % palette.length]);
        g.fillRect(x0 + si * barW, top + plotH - bh, barW - 4, bh);
        g.setColor(Color.BLACK);
        g.drawString(String.format(v < 10 ? "%.2f" : "%.1f", v), x0 + si * barW, top + plotH - bh - 4);
      }
      g.setColor(Color.BLACK);
      g.drawString(grp.label(), x0, top + plotH + 18);
    }
    g.setStroke(new BasicStroke(1.5f));
    g.drawLine(left, top + plotH, left + plotW, top + plotH);
    for (int si = 0; si < series.size(); si++) {
      int x = left + si * 260;
      g.setColor(palette[si % palette.length]);
      g.fillRect(x, h - 40, 14, 14);
      g.setColor(Color.BLACK);
      g.drawString(series.get(si), x + 20, h - 28);
    }
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
  }

  private static double niceCeiling(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1e-3))));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) return m * p;
    }
    return 10 * p;
  }
}
