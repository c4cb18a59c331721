/**
 * T.38 IFPs: the aligned-PER codec for the 1998 (version 0) and 2002 (versions 1 to 3) ASN.1
 * ({@link dev.faxgate.t38.IfpCodec}, {@link dev.faxgate.t38.IfpPacket}), the indicator, data
 * and field types, the receive side of a T.38 core ({@link dev.faxgate.t38.T38Core}: order,
 * repeats, gaps), and the HDLC frame put together from {@code hdlc-data} fields
 * ({@link dev.faxgate.t38.HdlcFrameAssembly}, for the gateway and the T.38 relay). Facts: docs/dsp.md §2.
 *
 * <p>Layer: fax stack. Imports no other Faxgate package, and no Vert.x, Netty or Micrometer;
 * {@code dev.faxgate.udptl} carries its IFPs.
 */
package dev.faxgate.t38;
