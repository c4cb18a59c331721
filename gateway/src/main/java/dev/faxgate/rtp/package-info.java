/**
 * RTP for the audio legs: packets ({@link dev.faxgate.rtp.RtpPacket}), sequence tracking and
 * statistics ({@link dev.faxgate.rtp.RtpSequence}, {@link dev.faxgate.rtp.RtpStats}), G.711
 * µ-law and A-law ({@link dev.faxgate.rtp.G711}), the fixed-delay jitter buffer
 * ({@link dev.faxgate.rtp.JitterBuffer}, never time-warped) and outbound pacing
 * ({@link dev.faxgate.rtp.RtpPacer}). Facts: docs/dsp.md §1; behaviour: docs/gateway.md.
 *
 * <p>Layer: fax stack. Imports no other Faxgate package, and no Vert.x, Netty or Micrometer.
 */
package dev.faxgate.rtp;
