/**
 * The T.38 gateway between an audio leg (G.711 in RTP) and a T.38 leg (IFPs in UDPTL):
 * {@link dev.faxgate.gateway.GatewayRelay}, the media processor of a {@code gateway} session, is
 * {@link dev.faxgate.gateway.AudioToT38} (demodulates, sends IFPs through
 * {@link dev.faxgate.gateway.IfpOut}) plus {@link dev.faxgate.gateway.T38ToAudio} (modulates,
 * non-ECM data through {@link dev.faxgate.gateway.NonEcmBuffer}) plus the T.30 supervisor of
 * {@code dev.faxgate.t30}. {@code GatewayRelay.takeOver} turns an audio relay into a gateway for
 * the switch to T.38. See docs/gateway.md.
 *
 * <p>Layer: the top of the fax stack. Imports the other fax-stack packages ({@code relay},
 * {@code detect}, {@code dsp}, {@code hdlc}, {@code modem}, {@code rtp}, {@code t30}, {@code t38},
 * {@code udptl}); no Vert.x, Netty or Micrometer, nothing of the service or the tools.
 */
package dev.faxgate.gateway;
