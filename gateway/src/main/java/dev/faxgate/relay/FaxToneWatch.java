package dev.faxgate.relay;

import dev.faxgate.detect.CedDetector;
import dev.faxgate.detect.CngDetector;
import dev.faxgate.detect.DetectorEvents;
import dev.faxgate.detect.ToneDetector;
import dev.faxgate.detect.ToneEvent;
import dev.faxgate.detect.V21PreambleDetector;
import dev.faxgate.rtp.G711;

/**
 * FAXOPT faxdetect on one audio leg: runs the CNG, CED/ANSam and V.21-preamble detectors over the
 * leg's 20 ms frames (as the jitter buffer plays them, so on the sender's timeline) for a limited
 * time, and reports the first detection of each kind of tone once. No allocation per frame.
 */
public final class FaxToneWatch {

  /** Told of each detection, on the processing thread. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param toneStartMs when the tone began, on the leg's audio timeline since detection started
     * @param detectedMs when the detector decided, on the same timeline
     */
    void detected(int leg, ToneEvent tone, long toneStartMs, long detectedMs, double levelDbm0);
  }

  private final int leg;
  private final ToneDetector[] detectors = {new CngDetector(), new CedDetector(), new V21PreambleDetector()};
  private final boolean[] reported = new boolean[detectors.length];
  private final short[] linear = new short[160];
  private final Listener listener;
  private long remainingSamples;

  /**
   * @param durationSamples how long to detect, in samples (8 per ms); {@link Long#MAX_VALUE} for the whole session
   */
  public FaxToneWatch(int leg, long durationSamples, Listener listener) {
    this.leg = leg;
    this.remainingSamples = durationSamples;
    this.listener = listener;
  }

  /** Whether detection still runs (it stops at its timeout, or once every tone was reported). */
  public boolean active() {
    return remainingSamples > 0;
  }

  /** Runs the detectors over one G.711 frame of {@code len} octets (at most 160). */
  public void frame(byte[] g711, int off, int len, int payloadType) {
    if (remainingSamples <= 0) {
      return;
    }
    int n = Math.min(len, linear.length);
    if (payloadType == G711.PT_PCMA) {
      G711.alawToLinear(g711, off, linear, 0, n);
    } else {
      G711.ulawToLinear(g711, off, linear, 0, n);
    }
    boolean all = true;
    for (int d = 0; d < detectors.length; d++) {
      if (reported[d]) {
        continue;
      }
      all = false;
      if (detectors[d].process(linear, 0, n) > 0) {
        DetectorEvents events = detectors[d].events();
        for (int i = 0; i < events.count() && !reported[d]; i++) {
          if (events.kind(i).isDetection()) {
            reported[d] = true;
            listener.detected(leg, events.kind(i), events.signalAt(i) / 8, events.decidedAt(i) / 8, events.levelDbm0(i));
          }
        }
      }
    }
    remainingSamples = all ? 0 : remainingSamples - n;
  }
}
