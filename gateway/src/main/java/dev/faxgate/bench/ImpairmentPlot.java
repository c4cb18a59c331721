package dev.faxgate.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import javax.imageio.ImageIO;

/**
 * The PNG of {@code faxgate bench-impairment}: four panels (ECM / no ECM x audio->T.38 / T.38->audio),
 * each with success rate against T.38 datagram loss: a line per gateway for random loss (0% is the
 * jitter-only condition), and a larger marker per gateway for bursty loss at its expected loss rate.
 * Java2D and ImageIO only.
 */
final class ImpairmentPlot {
  private static final int W = 1200;
  private static final int H = 900;
  private static final Color FAXGATE = new Color(0x1f77b4);
  private static final Color SPANDSP = new Color(0xff7f0e);

  private ImpairmentPlot() {}

  static void write(List<ImpairedFax.Outcome> outcomes, Path png, String title) throws IOException {
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, 20, 26);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(FAXGATE);
    g.drawString("— Faxgate", 20, 64);
    g.setColor(SPANDSP);
    g.drawString("— spandsp gateway", 100, 64);
    g.setColor(Color.DARK_GRAY);
    g.drawString("line: random loss (+40 ms jitter)   square: bursty loss (mean burst 3, 3% events)   "
        + "diamond at 0%: 80 ms reordered RTP jitter", 20, 46);
    int panel = 0;
    for (boolean ecm : new boolean[] {true, false}) {
      for (boolean audioToT38 : new boolean[] {true, false}) {
        int x0 = 70 + (panel % 2) * (W / 2);
        int y0 = 100 + (panel / 2) * ((H - 80) / 2);
        String name = (ecm ? "ECM" : "no ECM") + ", " + (audioToT38 ? "audio -> T.38" : "T.38 -> audio");
        panel(g, outcomes, x0, y0, W / 2 - 110, (H - 80) / 2 - 80, name,
            o -> o.ecm() == ecm && o.audioToT38() == audioToT38);
        panel++;
      }
    }
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  private static void panel(Graphics2D g, List<ImpairedFax.Outcome> all, int x0, int y0, int w, int h, String name,
      Predicate<ImpairedFax.Outcome> which) {
    double maxLoss = 12;
    g.setColor(Color.BLACK);
    g.drawString(name, x0, y0 - 6);
    g.setColor(new Color(0xdddddd));
    for (int pct = 0; pct <= 100; pct += 25) {
      int y = y0 + h - pct * h / 100;
      g.drawLine(x0, y, x0 + w, y);
    }
    g.setColor(Color.BLACK);
    g.drawRect(x0, y0, w, h);
    for (int pct = 0; pct <= 100; pct += 25) {
      g.drawString(pct + "%", x0 - 40, y0 + h - pct * h / 100 + 4);
    }
    for (int loss = 0; loss <= 12; loss += 2) {
      g.drawString(loss + "%", x0 + (int) (loss / maxLoss * w) - 8, y0 + h + 16);
    }
    g.drawString("T.38 datagrams lost", x0 + w / 2 - 50, y0 + h + 32);
    for (ImpairedFax.Gateway gw : ImpairedFax.Gateway.values()) {
      g.setColor(gw == ImpairedFax.Gateway.FAXGATE ? FAXGATE : SPANDSP);
      int offset = gw == ImpairedFax.Gateway.FAXGATE ? -3 : 3; // equal points stay visible
      int px = -1;
      int py = -1;
      g.setStroke(new BasicStroke(2));
      for (ImpairmentCondition c : ImpairmentCondition.ALL) {
        List<ImpairedFax.Outcome> these = all.stream().filter(which)
            .filter(o -> o.gateway() == gw && o.condition().equals(c)).toList();
        if (these.isEmpty()) {
          continue;
        }
        double rate = these.stream().filter(ImpairedFax.Outcome::ok).count() / (double) these.size();
        int x = x0 + (int) (c.lossPercent() / maxLoss * w);
        int y = y0 + h - (int) (rate * h) + offset;
        switch (c.kind()) {
          case "random", "jitter" -> {
            if (px >= 0) {
              g.drawLine(px, py, x, y);
            }
            g.fillOval(x - 4, y - 4, 8, 8);
            px = x;
            py = y;
          }
          case "bursty" -> {
            g.fillRect(x - 6, y - 6, 12, 12);
            g.drawString(String.format(Locale.ROOT, "%.0f%%", rate * 100), x + 8, y + 4 + offset * 4);
          }
          default -> g.fillPolygon(new int[] {x, x + 7, x, x - 7}, new int[] {y - 7, y, y + 7, y}, 4);
        }
      }
      g.setStroke(new BasicStroke(1));
    }
  }
}
