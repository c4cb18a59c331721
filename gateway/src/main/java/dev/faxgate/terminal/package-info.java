/**
 * The T.30 terminal: Faxgate sending and receiving faxes itself (terminal mode, issue 16).
 *
 * <ul>
 *   <li>{@link dev.faxgate.terminal.T30Terminal}: the T.30 engine, phases A to E as an explicit
 *       state machine ({@link dev.faxgate.terminal.T30State}), calling or answering, sending or
 *       receiving, non-ECM and ECM; driven by a 20 ms tick (its timers) and by what the line
 *       reports.</li>
 *   <li>{@link dev.faxgate.terminal.T30Line}: what the engine asks of its transport, in T.38's terms
 *       (tones, V.21 HDLC bursts, fast-modem bursts of image data or ECM frames); the transport
 *       answers through the engine's {@code rx*} and {@code txDone} methods.</li>
 *   <li>{@link dev.faxgate.terminal.T38TerminalProcessor}: the transport over one UDPTL leg, a
 *       {@link dev.faxgate.relay.MediaProcessor} as the relays are; {@link
 *       dev.faxgate.terminal.AudioTerminalProcessor}, the same joined in memory to Faxgate's own
 *       T.38 gateway for an RTP leg.</li>
 *   <li>{@link dev.faxgate.terminal.PageSource} and {@link dev.faxgate.terminal.PageSink}: where
 *       the pages come from and go to (the T.4/T.6 codec and the TIFF files are joined there).</li>
 * </ul>
 *
 * <p>Octets of T.30 frames and of image data are LSB-first, as on the line (docs/dsp.md §0); the
 * T.38 transport bit-reverses them at the IFP boundary.
 *
 * <p>Layer: fax stack. Plain Java, no Vert.x, Netty or Micrometer.
 */
package dev.faxgate.terminal;
