package dev.faxgate.relay;

import dev.faxgate.t30.FaxReport;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.t30.T30Trace;

import java.util.Map;

/**
 * The media work of one session, driven by the 20 ms media clock. Plain Java, one thread: the
 * processing verticle that owns the session calls every method. {@link #receive} and
 * {@link #tick} must not allocate in steady state.
 */
public interface MediaProcessor {
  /** Leg indices. */
  int LEG_A = 0;
  int LEG_B = 1;

  /**
   * One datagram received on a leg (already checked to come from the leg's far end).
   *
   * @param arrival arrival time in 8 kHz units on the local clock (raw 32 bits)
   */
  void receive(int leg, byte[] buf, int off, int len, int arrival);

  /** One 20 ms tick: send what is due. */
  void tick(DatagramSink out);

  /**
   * Shows the audio this processor plays out to {@code tap} from now on (null: to nobody), for
   * fax tone detection. Processors without audio legs ignore it.
   */
  default void tapAudio(AudioTap tap) {
  }

  /** True once fax signals have been seen (FAXOPT {@code gateway=yes,N} stops its clock then). Polled per tick. */
  default boolean faxActivity() {
    return false;
  }

  /** True once the fax is over by itself (DCN, a FAXOPT limit, a silent leg). Polled per tick. */
  default boolean faxOver() {
    return false;
  }

  /**
   * A number that changes whenever the fax's score (pages, rate, identities...) may have changed;
   * the processing verticle then takes a {@link #faxReport()} so FAXOPT reads are live. Polled per tick.
   */
  default long faxProgress() {
    return 0;
  }

  /**
   * What a T.38 leg this processor only listens to has shown so far, as {@link FaxListener}'s
   * bits (its arrival, the CNG, CED and V.21 preamble indicators); 0 for processors that do not
   * listen for it. Polled per tick.
   */
  default int t38Signals() {
    return 0;
  }

  /**
   * The leg on which this processor itself heard the far end's V.21 preamble (a terminal on audio,
   * which then asks for T.38), or -1: none yet, or it does not listen. Polled per tick.
   */
  default int v21HeardOnLeg() {
    return -1;
  }

  /** The fax's result so far (null for processors that do not watch T.30). Called rarely. */
  default FaxReport faxReport() {
    return null;
  }

  /**
   * A FAXOPT write while the session runs ({@link T30Supervisor#update}): returns null when
   * {@code next} now governs what this processor does to T.30, else why the write can no longer
   * act. The default accepts: a processor that edits no T.30 (the audio relay) holds no policy,
   * and a gateway that takes over from it starts from the session's options as they are then.
   */
  default String updatePolicy(T30Supervisor.Policy next, T30Supervisor.PolicyItem item) {
    return null;
  }

  /** The T.30 frames this processor has seen (null for processors that do not watch T.30). Its thread only. */
  default T30Trace t30Trace() {
    return null;
  }

  /**
   * The session is over and its end has been read (statistics, fax report, trace): gives this
   * processor's reusable parts back to the {@link PartsPool} it took them from. Called at most
   * once; the processor is not used afterwards. The default keeps nothing.
   */
  default void recycle() {
  }

  /** The leg's packet statistics, for the completion event and for a describe while the session runs. */
  Map<String, Object> legStats(int leg);

  /**
   * Copies the leg's metered counters ({@link LegStats#METERED}, the same values {@link #legStats}
   * reports under those keys) into {@code into}. Read about once a second while the session runs,
   * so the node's meters advance live: it must not allocate.
   */
  default void legCounters(int leg, long[] into) {
    LegStats.fromMap(legStats(leg), into);
  }
}
