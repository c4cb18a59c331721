package dev.faxgate.relay;

import dev.faxgate.t30.ControlFrameTap;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.t30.T30Supervisor;

/**
 * A relay's watch on the fax passing through it: the gateway's scorer ({@link T30Supervisor}, in
 * its {@link T30Supervisor#watchOnly() watch-only} mode: no frame is edited) told of every T.30
 * control frame either leg carries, and when the fax is over.
 *
 * <p>Whatever finds the frames feeds {@link #tap(int)} of the leg they came from: the T.38 relay
 * reads them out of the IFPs it relays ({@link T38ControlFrames}); an audio relay would demodulate
 * V.21 (V.21 receiver, then HDLC) into the same taps. The relay tells the watch of each datagram
 * ({@link #heard}) and each tick ({@link #tick}), and answers {@link MediaProcessor}'s
 * {@code faxActivity}, {@code faxOver}, {@code faxProgress} and {@code faxReport} from it.
 *
 * <p>The fax is over as a gateway's is: when DCN has passed and {@link #DCN_GRACE_TICKS} more
 * ticks have let the datagrams that close the call through (the DCN's repeats and redundancy, the
 * carrier's end); or, once fax signals were seen, when neither leg has carried anything for the
 * silence timeout (a T.38 receiver says nothing for a whole page, and a sender nothing while it
 * waits for an answer, so silence one way is normal). {@link #report()} then says how it ended.
 *
 * <p>Nothing is allocated per datagram or per tick; a control frame costs what the scorer does with
 * it (a DCS or an identity is parsed; they come a few times per fax). One thread.
 */
public final class FaxWatch {
  /**
   * Ticks (2.5 s, as the gateway's) after DCN before the fax counts as over: a relay plays nothing
   * out, but what follows the DCN should reach the far end before the session closes its sockets:
   * its repeats, the redundancy that may still recover it, and the sender's no-signal indicator
   * (spandsp sends it 1.2 s after the DCN: gateway/bench/record-t38-relay-fax.sh's recording).
   */
  public static final int DCN_GRACE_TICKS = 125;

  private final T30Supervisor supervisor = T30Supervisor.watchOnly();
  private final ControlFrameTap[] taps = {
      supervisor.tap(T30Supervisor.Side.LEG_A), supervisor.tap(T30Supervisor.Side.LEG_B)};
  private final long silenceTicks;
  private final long[] lastHeard = new long[2];
  private long ticks;
  private long dcnTick = -1;
  private boolean activity;
  private T30Supervisor.Outcome outcome;

  /** @param silenceTicks ticks without a datagram on either leg, after fax signals, that end the fax (<= 0: never) */
  public FaxWatch(long silenceTicks) {
    this.silenceTicks = silenceTicks <= 0 ? Long.MAX_VALUE : silenceTicks;
  }

  /** Where the control frames that leg {@code leg} carries go: complete, in HDLC order, without FCS. */
  public ControlFrameTap tap(int leg) {
    return taps[leg];
  }

  /** A datagram arrived on {@code leg}. */
  public void heard(int leg) {
    lastHeard[leg] = ticks;
  }

  /** Fax signals (a tone, a modem's data) were seen on a leg. */
  public void activity() {
    activity = true;
  }

  /** One 20 ms tick: decides whether the fax is over. */
  public void tick() {
    ticks++;
    supervisor.tick();
    if (outcome != null) {
      return;
    }
    if (supervisor.dcnSeen()) {
      if (dcnTick < 0) {
        dcnTick = ticks;
      } else if (ticks - dcnTick >= DCN_GRACE_TICKS) {
        outcome = supervisor.outcome("DCN");
      }
    } else if (activity && ticks - Math.max(lastHeard[0], lastHeard[1]) >= silenceTicks) {
      outcome = supervisor.outcome("both legs fell silent");
    }
  }

  /** True once fax signals have been seen on either leg. */
  public boolean faxActivity() {
    return activity;
  }

  /** True once the fax is over (see the class comment). */
  public boolean over() {
    return outcome != null;
  }

  /** Changes with every good control frame the scorer has seen. */
  public long progress() {
    return supervisor.frames();
  }

  /** The score so far; once over, with how it ended. */
  public FaxReport report() {
    return supervisor.report(outcome != null ? outcome : supervisor.outcome("the session ended"), outcome != null);
  }

  /** Good control frames leg {@code leg} carried. */
  public int frames(int leg) {
    return supervisor.frames(leg == MediaProcessor.LEG_A ? T30Supervisor.Side.LEG_A : T30Supervisor.Side.LEG_B);
  }

  /** The scorer, for tests and tools. */
  public T30Supervisor supervisor() {
    return supervisor;
  }
}
