package dev.faxgate.relay;

import dev.faxgate.hdlc.HdlcFrameHandler;
import dev.faxgate.hdlc.HdlcRx;
import dev.faxgate.modem.ModemStatus;
import dev.faxgate.modem.V21Channel;
import dev.faxgate.modem.V21Rx;
import dev.faxgate.rtp.G711;
import dev.faxgate.t30.ControlFrameTap;

/**
 * Reads the T.30 control frames out of one audio leg as the audio relay plays it out: the
 * project's V.21 receiver (channel 2, 300 bit/s, the one T.30 uses in both directions) and HDLC
 * receiver, as the gateway's audio-to-T.38 half runs them, listening to the leg's 20 ms G.711
 * frames. Each frame the HDLC receiver closes goes to a {@link ControlFrameTap} with its FCS
 * verdict (the scorer counts only good ones); the first flags of a V.21 burst tell the
 * {@link FaxWatch} that fax signals were seen.
 *
 * <p>Only V.21 is demodulated. It runs all the time, also while a fast modem carries the image:
 * V.17's carrier (1800 Hz) lies inside V.21 channel 2's band, but what the V.21 receiver makes of
 * it never has five back-to-back flags and a good FCS, so no frame comes of it. The relayed audio
 * is only read, never changed. Nothing is allocated after construction. One thread.
 *
 * <p>A quiet frame (every sample within ±{@value #QUIET_PEAK}, below -50 dBm0, where the receiver's
 * -43 dBm0 carrier detect cannot rise) is not demodulated while the receiver's carrier is down:
 * it could only let the receiver's filters decay. A fax leg is quiet for long stretches (a receiver
 * says nothing during a page), so this saves much of the receiver's cost; once a burst ends, its
 * quiet frames are still demodulated until the carrier has dropped, so the last bits of its closing
 * flag (the receiver decides each bit two bits late) are not lost.
 */
final class V21ControlFrames implements HdlcFrameHandler {
  private ControlFrameTap tap;
  private FaxWatch watch;
  private int payloadType;
  private final short[] linear = new short[160];
  private final HdlcRx hdlc = new HdlcRx(this);
  private final V21Rx v21 = new V21Rx(V21Channel.CH2, hdlc);
  /** The largest sample magnitude of a quiet frame: a sine of this peak is about -51 dBm0. */
  static final int QUIET_PEAK = 64;
  private long framesGood;
  private long framesDemodulated;
  private long framesQuiet;
  private long framesBad;

  /**
   * @param payloadType the leg's G.711 law ({@link G711#PT_PCMU} or {@link G711#PT_PCMA})
   * @param tap where the frames go
   * @param watch told of fax activity (V.21 flags)
   */
  V21ControlFrames(int payloadType, ControlFrameTap tap, FaxWatch watch) {
    this.payloadType = payloadType;
    this.tap = tap;
    this.watch = watch;
  }

  /** One for these arguments: a free one of {@code parts} made as new, else a new one. */
  static V21ControlFrames of(PartsPool parts, int payloadType, ControlFrameTap tap, FaxWatch watch) {
    V21ControlFrames free = parts.take(V21ControlFrames.class);
    if (free == null) {
      return new V21ControlFrames(payloadType, tap, watch);
    }
    free.payloadType = payloadType;
    free.tap = tap;
    free.watch = watch;
    free.framesGood = 0;
    free.framesDemodulated = 0;
    free.framesQuiet = 0;
    free.framesBad = 0;
    free.v21.restart(V21Rx.BIT_RATE, false);
    free.hdlc.reset();
    return free;
  }

  /** Demodulates one played-out G.711 frame of {@code len} octets (at most 160). */
  void frame(byte[] g711, int off, int len) {
    int n = Math.min(len, linear.length);
    if (payloadType == G711.PT_PCMA) {
      G711.alawToLinear(g711, off, linear, 0, n);
    } else {
      G711.ulawToLinear(g711, off, linear, 0, n);
    }
    if (!v21.carrierUp() && quiet(n)) {
      framesQuiet++;
      return;
    }
    framesDemodulated++;
    v21.rx(linear, 0, n);
  }

  private boolean quiet(int n) {
    for (int i = 0; i < n; i++) {
      int x = linear[i];
      if (x > QUIET_PEAK || x < -QUIET_PEAK) {
        return false;
      }
    }
    return true;
  }

  /** The leg's stream stopped (the relay's idle timeout): whatever was being received is dropped. */
  void restart() {
    v21.restart(V21Rx.BIT_RATE, false);
    hdlc.restart();
  }

  @Override
  public void frame(byte[] frame, int len, boolean crcOk) {
    if (crcOk) {
      framesGood++;
    } else {
      framesBad++;
    }
    if (len > 0) {
      tap.frame(frame, 0, len, crcOk);
    }
  }

  @Override
  public void status(ModemStatus status) {
    if (status == ModemStatus.FRAMING_OK) {
      watch.activity();
    }
  }

  /** Frames (20 ms) that went through the V.21 receiver. */
  long framesDemodulated() {
    return framesDemodulated;
  }

  /** Quiet frames left out while the carrier was down. */
  long framesQuiet() {
    return framesQuiet;
  }

  /** Frames with a good FCS, whatever they were. */
  long framesGood() {
    return framesGood;
  }

  /** Frames with a bad FCS, or of a bad length (noise, a fast modem's signal, a cut burst). */
  long framesBad() {
    return framesBad;
  }
}
