package dev.faxgate.detect;

import dev.faxgate.dsp.AwgnGenerator;
import dev.faxgate.dsp.PowerMeter;
import dev.faxgate.rtp.G711;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: run a detector over a signal in blocks and collect its events; line impairments. */
final class Harness {

  private Harness() {
  }

  /** One event, copied out of a detector's reusable arrays. */
  record Event(ToneEvent kind, long decidedAt, long signalAt, double levelDbm0, double frequencyHz) {
    @Override
    public String toString() {
      return String.format("%s@%d(signal at %d, %.1f dBm0, %.1f Hz)", kind, decidedAt, signalAt,
          levelDbm0, frequencyHz);
    }
  }

  /** Resets {@code d}, runs it over {@code s} in blocks of {@code block}, returns every event. */
  static List<Event> run(ToneDetector d, short[] s, int block) {
    d.reset();
    return feed(d, s, block);
  }

  /** Runs {@code d} (not reset) over {@code s} in blocks of {@code block}. */
  static List<Event> feed(ToneDetector d, short[] s, int block) {
    List<Event> out = new ArrayList<>();
    DetectorEvents ev = d.events();
    for (int off = 0; off < s.length; off += block) {
      int n = d.process(s, off, Math.min(block, s.length - off));
      for (int i = 0; i < n; i++) {
        out.add(new Event(ev.kind(i), ev.decidedAt(i), ev.signalAt(i), ev.levelDbm0(i), ev.frequencyHz(i)));
      }
    }
    return out;
  }

  /** The events of one kind. */
  static List<Event> only(List<Event> events, ToneEvent kind) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if (e.kind() == kind) {
        out.add(e);
      }
    }
    return out;
  }

  /** The detections (not reversals or ends). */
  static List<Event> detections(List<Event> events) {
    List<Event> out = new ArrayList<>();
    for (Event e : events) {
      if (e.kind().isDetection()) {
        out.add(e);
      }
    }
    return out;
  }

  /** A copy with white noise {@code snrDb} below a signal of level {@code signalDbm0}. */
  static short[] noisy(short[] s, double signalDbm0, double snrDb, long seed) {
    short[] out = s.clone();
    new AwgnGenerator(seed, AwgnGenerator.rmsForSnr(PowerMeter.dbm0ToRms(signalDbm0), snrDb))
        .addTo(out, 0, out.length);
    return out;
  }

  /** A copy passed through G.711 µ-law and back. */
  static short[] ulaw(short[] s) {
    byte[] b = new byte[s.length];
    short[] out = new short[s.length];
    G711.linearToUlaw(s, 0, b, 0, s.length);
    G711.ulawToLinear(b, 0, out, 0, s.length);
    return out;
  }

  /** A copy passed through G.711 A-law and back. */
  static short[] alaw(short[] s) {
    byte[] b = new byte[s.length];
    short[] out = new short[s.length];
    G711.linearToAlaw(s, 0, b, 0, s.length);
    G711.alawToLinear(b, 0, out, 0, s.length);
    return out;
  }

  /** A copy scaled by {@code db}, saturated. */
  static short[] gain(short[] s, double db) {
    double g = Math.pow(10.0, db / 20.0);
    short[] out = new short[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = dev.faxgate.dsp.Dsp.saturate(s[i] * g);
    }
    return out;
  }

  /** Line conditions the detection tests run under. */
  enum Line {
    CLEAN, SNR20, ULAW, ALAW, SNR20_ULAW;

    short[] apply(short[] s, double levelDbm0, long seed) {
      switch (this) {
        case SNR20:
          return noisy(s, levelDbm0, 20, seed);
        case ULAW:
          return ulaw(s);
        case ALAW:
          return alaw(s);
        case SNR20_ULAW:
          return ulaw(noisy(s, levelDbm0, 20, seed));
        default:
          return s.clone();
      }
    }
  }

  /** The levels every detector must cover, dBm0. */
  static final double[] LEVELS = {-6, -10, -15, -20, -25, -30, -35, -40, -43};
}
