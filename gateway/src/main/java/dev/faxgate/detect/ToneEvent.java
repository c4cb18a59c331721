package dev.faxgate.detect;

/** What a {@link ToneDetector} reports. */
public enum ToneEvent {
  /** A CNG burst: 1100 Hz for 0.5 s ± 15 %, reported once the tone has stopped (the cadence). */
  CNG(true),
  /** A plain 2100 Hz answer tone (CED / ANS), no amplitude modulation. */
  ANS(true),
  /** A 2100 Hz answer tone with 15 Hz amplitude modulation (ANSam, V.8). */
  ANSAM(true),
  /** ANS with 180° phase reversals every 450 ms (ANS/, the echo-canceller disabling tone). */
  ANS_PR(true),
  /** ANSam with phase reversals (ANSam/). */
  ANSAM_PR(true),
  /** A 180° phase reversal within an answer tone (the sample index is the reversal's own). */
  PHASE_REVERSAL(false),
  /** V.21 channel 2 preamble: back-to-back HDLC flags (0x7E). */
  V21_PREAMBLE(true),
  /** The signal a previous detection reported has ended (answer tone stopped, flags stopped). */
  END(false);

  private final boolean detection;

  ToneEvent(boolean detection) {
    this.detection = detection;
  }

  /** True for the events that announce a signal (not reversals or ends). */
  public boolean isDetection() {
    return detection;
  }
}
