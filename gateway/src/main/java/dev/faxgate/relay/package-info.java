/**
 * The media processors of relay sessions and their contract: {@link dev.faxgate.relay.MediaProcessor}
 * (one session's media work, driven by the 20 ms media clock on one thread),
 * {@link dev.faxgate.relay.AudioRelay} ({@code audio-relay}: RTP to RTP through the jitter
 * buffer, µ-law to A-law, FAXOPT faxdetect through {@link dev.faxgate.relay.FaxToneWatch}, and
 * the watch for V.21 that starts the switch to T.38) and {@link dev.faxgate.relay.T38Relay}
 * ({@code t38-relay}: UDPTL to UDPTL, version 0 to 2002, redundancy to FEC, watching T.30: the
 * control frames in its IFPs, {@link dev.faxgate.relay.T38ControlFrames}, go to a
 * {@link dev.faxgate.relay.FaxWatch}, the gateway's scorer in its watch-only mode, which ends the
 * fax on DCN and reports it as the gateway does). See docs/gateway.md.
 *
 * <p>Layer: fax stack. Imports {@code detect}, {@code rtp}, {@code t30}, {@code t38} and
 * {@code udptl}; no Vert.x, Netty or Micrometer, nothing of the service or the tools.
 */
package dev.faxgate.relay;
