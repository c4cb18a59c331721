package dev.faxgate.terminal;

import dev.faxgate.gateway.GatewayRelay;
import dev.faxgate.relay.DatagramQueue;
import dev.faxgate.relay.DatagramSink;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.t30.T30Trace;
import dev.faxgate.udptl.UdptlErrorCorrection;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A T.30 terminal on an audio (G.711 RTP) leg: the T.38 terminal ({@link T38TerminalProcessor})
 * joined in memory to Faxgate's own T.38 gateway ({@link GatewayRelay}), whose T.38 leg is that
 * in-memory loop and whose audio leg is the session's. The gateway already turns IFPs into CED,
 * CNG, V.21 and V.27ter/V.29/V.17 audio and back, so the terminal speaks audio through the same
 * modems, the same jitter buffer and the same T.30 timing the gateway is proven with.
 *
 * <p>The loop costs one tick each way (20 ms, well inside T.30's budgets) and a UDPTL encode and
 * decode per IFP (no loss inside, no redundancy sent). The fax's result is the terminal's.
 */
public final class AudioTerminalProcessor implements MediaProcessor {
  /** The loop between the two: T.38 version 3, no error recovery (nothing is lost in memory). */
  private static final T38Relay.LegConfig LOOP = new T38Relay.LegConfig(3, UdptlErrorCorrection.NONE, 0, 0, 0, 3, 3,
      1400);

  private final int audioLeg;
  private final int loopLeg;
  private final GatewayRelay gateway;
  private final T38TerminalProcessor terminal;
  private final DatagramQueue toGateway = new DatagramQueue();
  private final DatagramQueue toTerminal = new DatagramQueue();
  private final DatagramSink terminalOut;
  private final DatagramSink intoGateway;
  private final DatagramSink gatewayOut;
  private final DatagramSink intoTerminal;
  private DatagramSink out;

  /**
   * @param audioLeg the session's RTP leg ({@link #LEG_A} or {@link #LEG_B})
   * @param payloadType G.711 µ-law (0) or A-law (8)
   * @param delayFrames the audio leg's playout delay, in 20 ms frames
   * @param seed seeds the RTP SSRC, sequence and timestamp
   */
  public AudioTerminalProcessor(int audioLeg, int payloadType, int delayFrames, long seed, TerminalOptions options,
      PageSource source, PageSink sink, Consumer<String> log) {
    this.audioLeg = audioLeg;
    this.loopLeg = 1 - audioLeg;
    this.gateway = new GatewayRelay(audioLeg, payloadType, delayFrames, LOOP, T30Supervisor.Policy.permissive(), 0,
        seed);
    this.terminal = new T38TerminalProcessor(LEG_A, LOOP, options, source, sink, log);
    this.terminalOut = (leg, buf, off, len) -> toGateway.add(loopLeg, buf, off, len);
    this.intoGateway = (leg, buf, off, len) -> gateway.receive(loopLeg, buf, off, len, 0);
    this.gatewayOut = (leg, buf, off, len) -> {
      if (leg == audioLeg) {
        out.send(leg, buf, off, len);
      } else {
        toTerminal.add(LEG_A, buf, off, len);
      }
    };
    this.intoTerminal = (leg, buf, off, len) -> terminal.receive(LEG_A, buf, off, len, 0);
  }

  /**
   * The session's leg moved to T.38 (the controller's re-INVITE, the switch to T.38): the T.38
   * terminal inside goes on alone on that leg, speaking {@code t38}, with the same engine, pages
   * and T.30 state; the in-memory gateway and its modems are dropped. A signal the gateway was
   * playing or demodulating at that moment is cut, as a real re-INVITE cuts it; T.30's command
   * repetition carries the call on.
   */
  public MediaProcessor moveToT38(T38Relay.LegConfig t38) {
    terminal.moveTo(t38);
    return terminal;
  }

  /** The terminal (for tests and tools). */
  public T30Terminal engine() {
    return terminal.engine();
  }

  @Override
  public void receive(int leg, byte[] buf, int off, int len, int arrival) {
    if (leg == audioLeg) {
      gateway.receive(leg, buf, off, len, arrival);
    }
  }

  @Override
  public void tick(DatagramSink sink) {
    out = sink;
    terminal.tick(terminalOut);
    toGateway.drainTo(intoGateway);
    gateway.tick(gatewayOut);
    toTerminal.drainTo(intoTerminal);
  }

  /** The far end's V.21 preamble, demodulated from the audio leg: time to ask for T.38, as a gateway does. */
  @Override
  public int v21HeardOnLeg() {
    return terminal.farV21Heard() ? audioLeg : -1;
  }

  @Override
  public boolean faxActivity() {
    return terminal.faxActivity();
  }

  /** Over when the terminal is and the gateway has played its last signal out. */
  @Override
  public boolean faxOver() {
    return terminal.faxOver() && gateway.faxOver();
  }

  @Override
  public long faxProgress() {
    return terminal.faxProgress();
  }

  @Override
  public FaxReport faxReport() {
    return terminal.faxReport();
  }

  /** The engine takes its T.30 options when it starts: a later write cannot act (TOO_LATE). */
  @Override
  public String updatePolicy(T30Supervisor.Policy next, T30Supervisor.PolicyItem item) {
    return "a terminal takes ecm, modem, minrate and maxrate when its media opens (set them at create)";
  }

  @Override
  public T30Trace t30Trace() {
    return terminal.t30Trace();
  }

  @Override
  public Map<String, Object> legStats(int leg) {
    return gateway.legStats(audioLeg);
  }

  @Override
  public void legCounters(int leg, long[] into) {
    gateway.legCounters(audioLeg, into);
  }
}
