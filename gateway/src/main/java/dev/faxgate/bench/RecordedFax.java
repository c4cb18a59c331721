package dev.faxgate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The input a gateway saw during one real fax, recorded by {@code gateway/bench/record-relay-fax.sh}
 * between spandsp terminals and spandsp's gateway: every RTP packet from the audio terminal and
 * every UDPTL datagram from the T.38 terminal, with its arrival time. Shipped as resources
 * {@code /dev/faxgate/bench/DIRECTION-MODEM.txt.gz}, one line per datagram: {@code MS a|t HEX}.
 *
 * <p>A T.38 relay's input, recorded by {@code gateway/bench/record-t38-relay-fax.sh} between two
 * spandsp T.38 terminals, is shipped the same way as {@code t38-relay-MODEM.txt.gz}, with lines
 * {@code MS a|b HEX}: the UDPTL datagrams that arrive on leg a (from the sender) and on leg b (from
 * the receiver). {@code a} is leg 0 and {@code t} or {@code b} leg 1 in both kinds.
 *
 * <p>An audio relay's input, recorded by {@code gateway/bench/record-audio-relay-fax.sh} between two
 * spandsp audio terminals, is {@code audio-relay-MODEM.txt.gz}, lines {@code MS a|b HEX}: the RTP
 * packets (PCMU) that arrive on leg a (from the sender) and on leg b (from the receiver).
 */
public final class RecordedFax {
  /** Where a datagram arrived. */
  public static final int AUDIO = 0;
  public static final int T38 = 1;
  /** Where a datagram arrived, in a T.38 relay's recording (the same indices as AUDIO and T38). */
  public static final int LEG_A = 0;
  public static final int LEG_B = 1;

  private final String name;
  private final int[] millis;
  private final int[] leg;
  private final byte[][] payload;
  /** Datagram indices in the order they leave unimpaired: by time, then as recorded. */
  private final int[] sendOrder;

  private RecordedFax(String name, int[] millis, int[] leg, byte[][] payload) {
    this.name = name;
    this.millis = millis;
    this.leg = leg;
    this.payload = payload;
    long[] keyed = new long[millis.length];
    for (int i = 0; i < keyed.length; i++) {
      keyed[i] = (long) millis[i] << 32 | i;
    }
    java.util.Arrays.sort(keyed);
    this.sendOrder = new int[keyed.length];
    for (int i = 0; i < keyed.length; i++) {
      sendOrder[i] = (int) keyed[i];
    }
  }

  /** The recording for a direction ({@code audio-to-t38}, {@code t38-to-audio}) and modem ({@code v17}, {@code v29}, {@code v27ter}). */
  public static RecordedFax load(String direction, String modem) throws IOException {
    return load(direction + "-" + modem);
  }

  /** The recording {@code /dev/faxgate/bench/NAME.txt.gz}, e.g. {@code t38-to-audio-v17} or {@code t38-relay-v17}. */
  public static RecordedFax load(String name) throws IOException {
    try (InputStream raw = RecordedFax.class.getResourceAsStream("/dev/faxgate/bench/" + name + ".txt.gz")) {
      if (raw == null) {
        throw new IOException("no recorded fax " + name + " (directions: audio-to-t38, t38-to-audio; modems: v17, v29, "
            + "v27ter; and t38-relay-v17, audio-relay-v17)");
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII));
      List<String[]> lines = new ArrayList<>();
      for (String line; (line = in.readLine()) != null; ) {
        String[] f = line.trim().split(" ");
        if (f.length == 3) {
          lines.add(f);
        }
      }
      int n = lines.size();
      int[] ms = new int[n];
      int[] legs = new int[n];
      byte[][] data = new byte[n][];
      for (int i = 0; i < n; i++) {
        String[] f = lines.get(i);
        ms[i] = Integer.parseInt(f[0]);
        legs[i] = f[1].equals("a") ? LEG_A : LEG_B; // a: audio or leg a; t or b: T.38 or leg b
        data[i] = HexFormat.of().parseHex(f[2]);
      }
      return new RecordedFax(name, ms, legs, data);
    }
  }

  public String name() {
    return name;
  }

  public int size() {
    return millis.length;
  }

  public int millis(int i) {
    return millis[i];
  }

  /**
   * Datagram indices in the order they leave when nothing delays them: by time, then as recorded.
   * Shared by every replay of this recording (so a load run's sessions do not each hold a copy for
   * the young collector to copy): do not change it.
   */
  int[] sendOrder() {
    return sendOrder;
  }

  public int leg(int i) {
    return leg[i];
  }

  public byte[] payload(int i) {
    return payload[i];
  }

  /** How {@link #map} changes one datagram: the new payload of datagram {@code payload} that arrived on {@code leg}. */
  @FunctionalInterface
  public interface Rewrite {
    byte[] apply(int leg, byte[] payload);
  }

  /** The same recording with every datagram's payload rewritten (times and legs kept), e.g. one leg in another law. */
  public RecordedFax map(Rewrite rewrite) {
    byte[][] data = new byte[payload.length][];
    for (int i = 0; i < data.length; i++) {
      data[i] = rewrite.apply(leg[i], payload[i]);
    }
    return new RecordedFax(name, millis, leg, data);
  }

  /** Milliseconds from the first datagram to the last. */
  public int durationMillis() {
    return millis.length == 0 ? 0 : millis[millis.length - 1];
  }
}
