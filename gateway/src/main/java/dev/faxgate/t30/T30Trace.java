package dev.faxgate.t30;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The T.30 control frames that passed a session, as evidence of how its fax went: each frame's
 * direction, time since the session's media started, FCF name, octets (address to FIF, without
 * FCS, as they left: after any edit), whether the gateway edited it, and whether its FCS was good.
 * Bounded: the first {@link #MAX_FRAMES} frames are kept (a fax that goes wrong usually goes wrong
 * early; a long one's later frames are counted in the summary); the summary counts every frame.
 *
 * <p>Control frames come a few dozen per fax, at V.21's 300 bit/s, so each of the first frames
 * costs a small record and its hex string; after those, and per datagram or tick, nothing is
 * allocated. One thread (the
 * supervisor's); {@link #frames()} and {@link #summary()} copy.
 */
public final class T30Trace {
  /** Frames kept per session. */
  public static final int MAX_FRAMES = 200;
  /** Rate changes kept (a fax falls back a few times at most). */
  private static final int MAX_RATES = 32;
  private static final HexFormat HEX = HexFormat.of();
  /** The kinds the summary counts: those that tell how a fax went. */
  private static final List<Fcf> SUMMARY = List.of(Fcf.DIS, Fcf.DTC, Fcf.DCS, Fcf.CFR, Fcf.FTT, Fcf.MCF, Fcf.RTP,
      Fcf.RTN, Fcf.PPS, Fcf.PPR, Fcf.CTC, Fcf.RNR, Fcf.CRP, Fcf.DCN);

  /**
   * One frame.
   *
   * @param from where it came from: {@code audio} or {@code t38} (gateway), {@code a} or {@code b} (relay legs)
   * @param ms milliseconds since the session's media started (20 ms steps: the media clock)
   * @param fcf the frame's name ({@code DIS}, {@code MCF}...), or {@code ?} when its FCF is unknown or it is too short
   * @param hex the octets as they left, from the address field, without FCS
   */
  public record Frame(String from, long ms, String fcf, String hex, boolean edited, boolean fcsOk) {
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("from", from);
      m.put("ms", ms);
      m.put("fcf", fcf);
      m.put("octets", hex);
      m.put("edited", edited);
      m.put("fcs", fcsOk ? "OK" : "BAD");
      return m;
    }
  }

  private final ArrayDeque<Frame> frames = new ArrayDeque<>();
  /** Good frames by {@link Fcf#ordinal()}: counting allocates nothing, once the first frames are kept. */
  private final int[] counts = new int[Fcf.values().length];
  private final List<Integer> rates = new ArrayList<>();
  private int total;
  private int bad;
  /** Image rows a receiving terminal's decoder found bad, over every page (-1: not known, e.g. a relay). */
  private int badRows = -1;
  private long ms;

  /** One 20 ms tick of the media clock. */
  public void tick() {
    ms += 20;
  }

  /** A frame as it left ({@code fcf} null: unknown or too short). */
  void record(String from, Fcf fcf, byte[] frame, int off, int len, boolean edited, boolean fcsOk) {
    total++;
    String name = fcf == null ? "?" : fcf.label();
    if (fcsOk) {
      if (fcf != null) {
        counts[fcf.ordinal()]++;
      }
    } else {
      bad++;
    }
    if (frames.size() < MAX_FRAMES) {
      frames.addLast(new Frame(from, ms, name, HEX.formatHex(frame, off, off + len), edited, fcsOk));
    }
  }

  /** The signalling rate changed (a DCS, or a CTC's fall-back), in bit/s. */
  void rate(int bitRate) {
    if (rates.size() < MAX_RATES && (rates.isEmpty() || rates.get(rates.size() - 1) != bitRate)) {
      rates.add(bitRate);
    }
  }

  /** A received page's bad rows (a terminal's decoder knows them; gateways and relays do not). */
  public void badRows(int rows) {
    badRows = Math.max(0, badRows) + rows;
  }

  /** The frames kept, oldest first. */
  public List<Frame> frames() {
    return List.copyOf(frames);
  }

  /** Every frame seen, kept or not. */
  public int total() {
    return total;
  }

  /**
   * The compact summary the completion event carries: frames seen (and with a bad FCS), how many of
   * each kind that tells how the fax went (DIS, DCS, FTT, RTN, PPR, CRP...), the rates in the
   * order the machines used them, and where known (a receiving terminal) the image rows found bad.
   */
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("frames", total);
    m.put("badFcs", bad);
    for (Fcf kind : SUMMARY) {
      m.put(kind.label().toLowerCase(java.util.Locale.ROOT), counts[kind.ordinal()]);
    }
    m.put("rates", List.copyOf(rates));
    if (badRows >= 0) {
      m.put("badRows", badRows);
    }
    return m;
  }

  /** The trace as the API answers it: the summary and the frames kept. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("summary", summary());
    m.put("kept", frames.size());
    m.put("frames", frames.stream().map(Frame::toMap).toList());
    return m;
  }
}
