package dev.faxgate.terminal;

import dev.faxgate.t30.DataRate;

/**
 * What the T.30 engine asks of the line it speaks on, in T.38's terms: tones, V.21 HDLC bursts,
 * and fast-modem bursts (training, then non-ECM image data or ECM frames). The T.38 transport
 * turns each into IFPs; an audio transport would drive the modems. Each send but {@link #sendCng}
 * is reported done through {@link T30Terminal#txDone()} when its last octet has gone (the carrier
 * then drops); a send while the previous one is still going follows it.
 *
 * <p>Octets are LSB-first (the first bit on the line is bit 0). The arrays stay the caller's and
 * unchanged until the send is reported done.
 */
public interface T30Line {
  /** The calling tone, on until the next send (T.38: the cng indicator). Not reported done. */
  void sendCng();

  /** The answer tone, about 3 s (T.38: the ced indicator), then done. */
  void sendCed();

  /** A V.21 burst: the preamble (1 s of flags), then the frames, each closed with a good FCS. */
  void sendControl(FrameBurst frames);

  /**
   * Non-ECM data on the fast modem: training for {@code rate} ({@code shortTrain}: V.17's short
   * one), then {@code len} octets, then the carrier drops. TCF is this with 1.5 s of zeros.
   */
  void sendImage(DataRate rate, boolean shortTrain, byte[] data, int off, int len);

  /** ECM frames on the fast modem: training, 200 ms of flags, then the frames. */
  void sendEcm(DataRate rate, boolean shortTrain, FrameBurst frames);

  /** Nothing more to send: the line falls silent (T.38: no-signal). */
  void stop();
}
