package dev.faxgate.media;

import dev.faxgate.media.MediaLeg.Transport;
import dev.faxgate.relay.AudioTap;
import dev.faxgate.relay.FaxListener;
import dev.faxgate.relay.DatagramSink;
import dev.faxgate.relay.LegStats;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.PartsPool;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.t30.T30Trace;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the media processors of the sessions its I/O partner carries. Once per tick it takes the
 * partner's batch of received datagrams, hands each to its session's processor, runs every
 * processor's tick (in slices of {@value #SLICE_NANOS} ns, see {@link #runTicks}), and answers with
 * the batch of datagrams to send. The audio of tapped sessions goes on to the
 * {@link DetectionVerticle} partner, once per tick; what the session side must know (silence, fax
 * activity, progress, end) goes to it as {@link MediaEvent}s. About once a second each session's
 * metered packet outcomes (lost, recovered...) are added to the node's meters, so they advance
 * while the session runs; its end adds what is left, so the totals are those of its completion event.
 */
final class ProcessingVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ProcessingVerticle.class);
  /**
   * The longest the processing of one batch holds the event loop at once. Hundreds of sessions
   * take several ms per tick; in slices ({@link LoopYield}), a timer or a request on the same loop
   * waits at most about this.
   */
  static final long SLICE_NANOS = 1_000_000L;
  /** Ticks (1 s) between two additions of a session's packet outcomes to the meters; sessions are spread over them. */
  static final int METER_TICKS = 50;

  /** {@link FaxListener}'s signal bits and the names the session's detection events give them. */
  private static final int[] T38_SIGNAL_BITS = {FaxListener.T38_ARRIVED, FaxListener.T38_CNG, FaxListener.T38_CED,
      FaxListener.T38_V21_PREAMBLE};
  private static final String[] T38_SIGNAL_NAMES = {"t38", "cng", "ced", "v21-preamble"};

  private final String address;
  private final String eventsAddress;
  private final String detectionAddress;
  private final DeliveryOptions eventDelivery = LocalCodec.delivery(LocalCodec.MEDIA_EVENT);
  private final long silenceTimeoutTicks;
  private final MediaCounters counters;
  private final DeliveryOptions local = LocalCodec.delivery(LocalCodec.MEDIA_BATCH);
  private final List<Slot> slots = new ArrayList<>();
  private final MediaBatch out = new MediaBatch();
  private final DatagramSink sink;
  /** One leg's metered counters as read now (reused: metering allocates nothing). */
  private final long[] counted = new long[LegStats.METERED_COUNT];
  /** The audio tapped sessions played this tick, for the detection partner; filled while the other is away. */
  private MediaBatch audio = new MediaBatch();
  private MediaBatch audioSpare = new MediaBatch();
  private int sinkSlot;
  private final AudioTap tap = (leg, g711, off, len) -> audio.add(sinkSlot, leg, g711, off, len);
  private long tick;
  /** The batch being processed, its ticks still to run, the next slot to tick, and the time spent on it so far. */
  private Message<MediaBatch> current;
  private int ticksLeft;
  private int nextSlot;
  private long busyNanos;
  /** The next slice of {@link #runTicks}, after the loop's due timers and sockets (made at start: it needs the context). */
  private LoopYield resume;
  /**
   * The big parts of the processors of this verticle's ended sessions, for its next ones: a session
   * starts without allocating its state (which the young collector would copy), and gives its
   * parts back when it ends. Only this verticle's thread touches it.
   */
  private final PartsPool parts;

  /** A session's processor and its silence clock. */
  private static final class Slot {
    final String sessionId;
    MediaProcessor processor;
    /** Statistics of processors this slot had before (the switch to T.38 replaces the processor). */
    final List<Map<String, Object>> earlier = new ArrayList<>();
    /** What each leg carries now: its outcomes are metered under it. */
    Transport[] transports;
    /** Each leg's metered counters of the processors it had before (those the current one does not carry on). */
    final long[][] earlierCounted;
    /** How much of each leg's metered counters the meters have been given. */
    final long[][] metered;
    long lastHeard;
    /** The tick it was attached on: what it reports is dated from there. */
    final long since;
    /** The T.38 signals already reported ({@link MediaProcessor#t38Signals()}). */
    int t38Signals;
    /** Its processor's own V.21 preamble ({@link MediaProcessor#v21HeardOnLeg()}) was reported. */
    boolean v21Reported;
    boolean reported;
    boolean activityReported;
    boolean overReported;
    /** Its processor's audio goes to the detection partner. */
    boolean tapped;
    long progress;

    Slot(String sessionId, MediaProcessor processor, long now, Transport[] transports) {
      this.sessionId = sessionId;
      this.processor = processor;
      this.lastHeard = now;
      this.since = now;
      this.transports = transports.clone();
      this.earlierCounted = new long[transports.length][LegStats.METERED_COUNT];
      this.metered = new long[transports.length][LegStats.METERED_COUNT];
    }
  }

  ProcessingVerticle(String address, String eventsAddress, String detectionAddress, long silenceTimeoutMs,
      MediaCounters counters, int reuseParts) {
    this.parts = new PartsPool(Math.max(0, reuseParts));
    this.address = address;
    this.eventsAddress = eventsAddress;
    this.detectionAddress = detectionAddress;
    this.silenceTimeoutTicks = silenceTimeoutMs <= 0 ? Long.MAX_VALUE : silenceTimeoutMs * 1_000_000L / MediaIoVerticle.TICK_NANOS;
    this.counters = counters;
    this.sink = (leg, buf, off, len) -> out.add(sinkSlot, leg, buf, off, len);
  }

  @Override
  public Future<?> start() {
    resume = new LoopYield(context, v -> runTicks());
    return vertx.eventBus().<MediaBatch>localConsumer(address, this::process).completion();
  }

  private void process(Message<MediaBatch> msg) {
    long t0 = System.nanoTime();
    MediaBatch in = msg.body();
    out.clear();
    for (int i = 0; i < in.count(); i++) {
      Slot s = in.slot(i) < slots.size() ? slots.get(in.slot(i)) : null;
      if (s != null) {
        s.lastHeard = tick;
        try {
          s.processor.receive(in.leg(i), in.data(), in.offset(i), in.length(i), in.arrival(i));
        } catch (RuntimeException e) {
          log.error("session {}: its processor failed on a datagram; the datagram is dropped", s.sessionId, e);
        }
      }
    }
    current = msg;
    ticksLeft = in.ticks();
    nextSlot = slots.size();
    busyNanos = System.nanoTime() - t0;
    runTicks();
  }

  /**
   * Runs the processors' ticks of the current batch for about {@link #SLICE_NANOS}, then lets the
   * event loop do whatever else waits (a timer, an HTTP request, another verticle's work) and goes
   * on where it stopped; the batch is answered when every tick is done. A session attached between
   * two slices is ticked from the next slot on; one detached is skipped.
   */
  private void runTicks() {
    long start = System.nanoTime();
    while (true) {
      if (nextSlot >= slots.size()) {
        if (ticksLeft == 0) {
          break;
        }
        ticksLeft--;
        tick++;
        nextSlot = 0;
        continue;
      }
      tickSlot(nextSlot++);
      if (System.nanoTime() - start >= SLICE_NANOS && (nextSlot < slots.size() || ticksLeft > 0)) {
        busyNanos += System.nanoTime() - start;
        resume.later();
        return;
      }
    }
    sendAudio();
    counters.processed(busyNanos + System.nanoTime() - start);
    Message<MediaBatch> done = current;
    current = null;
    done.reply(out, local);
  }

  private void tickSlot(int slot) {
    Slot s = slots.get(slot);
    if (s == null) {
      return;
    }
    sinkSlot = slot;
    try {
      s.processor.tick(sink);
    } catch (RuntimeException e) {
      log.error("session {}: its processor failed on a tick", s.sessionId, e);
    }
    watchFax(s);
    if ((tick + slot) % METER_TICKS == 0) {
      meter(s);
    }
    if (!s.reported && tick - s.lastHeard >= silenceTimeoutTicks) {
      s.reported = true;
      report(new MediaEvent.Silence(s.sessionId, (tick - s.lastHeard) * MediaIoVerticle.TICK_NANOS / 1_000_000L));
    }
  }

  /**
   * Hands the audio tapped this tick to the detection partner. While it still works on the last
   * batch, this tick's frames wait in the same batch and go with the next tick's, in order.
   */
  private void sendAudio() {
    if (audio.count() == 0 || audioSpare == null) {
      return;
    }
    MediaBatch sent = audio;
    audio = audioSpare;
    audioSpare = null;
    vertx.eventBus().<MediaBatch>request(detectionAddress, sent, local).onComplete(reply -> {
      sent.clear();
      audioSpare = sent;
      if (reply.failed() && !(reply.cause() instanceof io.vertx.core.eventbus.ReplyException re
          && re.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS)) { // NO_HANDLERS: the node stops
        log.warn("tone detection skipped a tick: {}", reply.cause().toString());
      }
    });
  }

  /** Reports the T.38 signals a listening processor showed for the first time (a few per session). */
  private void reportT38Signals(Slot s, int fresh) {
    long atMs = (tick - s.since) * MediaIoVerticle.TICK_NANOS / 1_000_000L;
    for (int i = 0; i < T38_SIGNAL_BITS.length; i++) {
      if ((fresh & T38_SIGNAL_BITS[i]) != 0) {
        report(new MediaEvent.T38Heard(s.sessionId, T38_SIGNAL_NAMES[i], atMs));
      }
    }
  }

  /** Reports a session's first fax activity, and its fax's end, once each. */
  private void watchFax(Slot s) {
    try {
      if (!s.activityReported && s.processor.faxActivity()) {
        s.activityReported = true;
        report(new MediaEvent.FaxActivity(s.sessionId));
      }
      if (!s.v21Reported && s.processor.v21HeardOnLeg() >= 0) {
        s.v21Reported = true;
        report(new MediaEvent.V21Heard(s.sessionId, s.processor.v21HeardOnLeg() == MediaProcessor.LEG_A ? "a" : "b"));
      }
      int signals = s.processor.t38Signals();
      if (signals != s.t38Signals) {
        reportT38Signals(s, signals & ~s.t38Signals);
        s.t38Signals = signals;
      }
      long progress = s.processor.faxProgress();
      if (progress != s.progress && !s.processor.faxOver()) {
        s.progress = progress;
        report(new MediaEvent.FaxProgress(s.sessionId, s.processor.faxReport()));
      }
      if (!s.overReported && s.processor.faxOver()) {
        s.overReported = true;
        report(new MediaEvent.FaxEnded(s.sessionId, s.processor.faxReport()));
      }
    } catch (RuntimeException e) {
      log.error("session {}: its processor failed to report on the fax", s.sessionId, e);
    }
  }

  /** Adds to the meters what each leg of {@code s} counted since they were last given its counters. */
  private void meter(Slot s) {
    for (int leg = 0; leg < s.metered.length; leg++) {
      try {
        s.processor.legCounters(leg, counted);
      } catch (RuntimeException e) {
        log.error("session {}: its processor failed to count leg {}", s.sessionId, leg, e);
        return;
      }
      long[] before = s.earlierCounted[leg];
      long[] given = s.metered[leg];
      for (int i = 0; i < LegStats.METERED_COUNT; i++) {
        long delta = counted[i] + before[i] - given[i];
        if (delta > 0) {
          counters.outcome(s.transports[leg], i, delta);
          given[i] += delta;
        }
      }
    }
  }

  /** The session's end: the meters get what its legs' final statistics hold beyond what they were given. */
  private void meterEnd(Slot s, List<Map<String, Object>> stats) {
    for (int leg = 0; leg < s.metered.length && leg < stats.size(); leg++) {
      long[] given = s.metered[leg];
      for (int i = 0; i < LegStats.METERED_COUNT; i++) {
        if (stats.get(leg).get(LegStats.METERED.get(i)) instanceof Number n && n.longValue() > given[i]) {
          counters.outcome(s.transports[leg], i, n.longValue() - given[i]);
          given[i] = n.longValue();
        }
      }
    }
  }

  private void report(MediaEvent event) {
    vertx.eventBus().send(eventsAddress, event, eventDelivery);
  }

  /**
   * Runs the processor {@code make} makes (on this verticle's thread, from its {@link PartsPool})
   * for the session in {@code slot}, its legs carrying {@code transports}, from the next tick on.
   * The future fails when the processor cannot be made.
   */
  Future<Void> attach(int slot, String sessionId, Function<PartsPool, MediaProcessor> make, Transport[] transports) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      MediaProcessor processor;
      try {
        processor = make.apply(parts);
      } catch (RuntimeException e) {
        log.warn("session {}: its processor could not be made: {}", sessionId, e.toString());
        promise.fail(e);
        return;
      }
      while (slots.size() <= slot) {
        slots.add(null);
      }
      slots.set(slot, new Slot(sessionId, processor, tick, transports));
      promise.complete();
    });
    return promise.future();
  }

  /**
   * Replaces the processor of the session in {@code slot} with {@code change(old)}, between two
   * ticks; its legs carry {@code transports} from then on. The old one's leg statistics are added
   * to the new one's, except on the legs in {@code carriedOn}: the new processor took over their
   * counters (the gateway keeps the audio relay's jitter buffer and statistics), and adding them
   * again would count the packets before the switch twice.
   */
  Future<Void> replace(int slot, BiFunction<MediaProcessor, PartsPool, MediaProcessor> change, Transport[] transports,
      boolean[] carriedOn) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      Slot s = slot < slots.size() ? slots.get(slot) : null;
      if (s == null) {
        promise.fail("the session's media is closed");
        return;
      }
      try {
        MediaProcessor next = change.apply(s.processor, parts);
        meter(s); // what the old processor counted goes under the transports it ran on
        for (int leg = 0; leg < transports.length; leg++) {
          if (carriedOn[leg]) {
            s.earlier.add(Map.of());
          } else {
            s.earlier.add(s.processor.legStats(leg));
            s.processor.legCounters(leg, counted);
            for (int i = 0; i < LegStats.METERED_COUNT; i++) {
              s.earlierCounted[leg][i] += counted[i];
            }
          }
        }
        MediaProcessor old = s.processor;
        s.processor = next;
        s.transports = transports.clone();
        recycle(s.sessionId, old); // read above; parts the new one carries on with were handed over, not given back
        if (s.tapped) {
          next.tapAudio(tap);
        }
        promise.complete();
      } catch (RuntimeException e) {
        log.error("session {}: its processor could not be replaced", s.sessionId, e);
        promise.fail(e);
      }
    });
    return promise.future();
  }

  /** A copy of the slot's T.30 trace, taken on its own thread (null: no session, or no T.30 watched). */
  Future<Map<String, Object>> t30(int slot) {
    Promise<Map<String, Object>> promise = Promise.promise();
    context.runOnContext(v -> {
      Slot s = slot < slots.size() ? slots.get(slot) : null;
      T30Trace trace = s == null ? null : s.processor.t30Trace();
      promise.complete(trace == null ? null : trace.toMap());
    });
    return promise.future();
  }

  /**
   * A FAXOPT write reaches the slot's processor on its own thread ({@link MediaProcessor#updatePolicy}):
   * the future holds null when it now acts, else why it is too late.
   */
  Future<String> updatePolicy(int slot, T30Supervisor.Policy next, T30Supervisor.PolicyItem item) {
    Promise<String> promise = Promise.promise();
    context.runOnContext(v -> {
      Slot s = slot < slots.size() ? slots.get(slot) : null;
      if (s == null) {
        promise.fail("the session's media is closed");
      } else {
        promise.complete(s.processor.updatePolicy(next, item));
      }
    });
    return promise.future();
  }

  /** From the next tick on, the audio the session in {@code slot} plays goes to the detection partner too. */
  Future<Void> tap(int slot) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      Slot s = slot < slots.size() ? slots.get(slot) : null;
      if (s != null && !s.tapped) {
        s.tapped = true;
        s.processor.tapAudio(tap);
      }
      promise.complete();
    });
    return promise.future();
  }

  /**
   * Stops the session in {@code slot}; the future holds each leg's statistics and, after them, the
   * fax report of a processor that watches T.30.
   */
  Future<List<Map<String, Object>>> detach(int slot, int legs) {
    Promise<List<Map<String, Object>>> promise = Promise.promise();
    context.runOnContext(v -> {
      Slot s = slot < slots.size() ? slots.get(slot) : null;
      if (s == null) {
        promise.complete(List.of());
        return;
      }
      slots.set(slot, null);
      List<Map<String, Object>> stats = legStats(s, legs);
      meterEnd(s, stats);
      FaxReport report = s.processor.faxReport();
      if (report != null) {
        Map<String, Object> fax = report.toMap();
        T30Trace trace = s.processor.t30Trace();
        if (trace != null) {
          fax.put(MediaPlane.T30_TRACE, trace.toMap());
        }
        stats.add(fax);
      }
      recycle(s.sessionId, s.processor);
      promise.complete(stats);
    });
    return promise.future();
  }

  /** Parts its sessions took from its pool rather than allocating them, read on its own thread (for tests and health). */
  Future<Long> partsReused() {
    Promise<Long> promise = Promise.promise();
    context.runOnContext(v -> promise.complete(parts.reused()));
    return promise.future();
  }

  /**
   * Fills this verticle's pool with the parts of {@code sessions} processors {@code make} makes, on
   * its own thread, before any session arrives: all made first (a pool hands back what it was
   * given), then all given back. Parts made at start reach the old generation before the load does,
   * so a burst of that many sessions copies no big state in the young collections (docs/performance.md).
   */
  Future<Void> prewarm(Function<PartsPool, MediaProcessor> make, int sessions) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      long start = System.nanoTime();
      MediaProcessor[] made = new MediaProcessor[sessions];
      for (int i = 0; i < sessions; i++) {
        made[i] = make.apply(parts);
      }
      for (MediaProcessor processor : made) {
        recycle("prewarm", processor);
      }
      log.info("{}: parts of {} gateway sessions made ready in {} ms", address, sessions,
          (System.nanoTime() - start) / 1_000_000);
      promise.complete();
    });
    return promise.future();
  }

  /** Gives an ended processor's parts back to this verticle's pool, for its next sessions. */
  private void recycle(String sessionId, MediaProcessor processor) {
    try {
      processor.recycle();
    } catch (RuntimeException e) {
      log.error("session {}: its processor failed to give its parts back", sessionId, e);
    }
  }

  /**
   * Each leg's statistics of the running session in {@code slot} as they stand (empty when it is
   * gone): the answer to a describe. One snapshot per call, nothing on the media path.
   */
  Future<List<Map<String, Object>>> snapshot(int slot, int legs) {
    Promise<List<Map<String, Object>>> promise = Promise.promise();
    context.runOnContext(v -> {
      Slot s = slot < slots.size() ? slots.get(slot) : null;
      promise.complete(s == null ? List.of() : legStats(s, legs));
    });
    return promise.future();
  }

  /** Each leg's statistics: the current processor's plus those of the processors it replaced. */
  private static List<Map<String, Object>> legStats(Slot s, int legs) {
    List<Map<String, Object>> stats = new ArrayList<>();
    for (int leg = 0; leg < legs; leg++) {
      Map<String, Object> now = s.processor.legStats(leg);
      for (int i = leg; i < s.earlier.size(); i += legs) {
        s.earlier.get(i).forEach((k, before) -> {
          if (before instanceof Long b && now.get(k) instanceof Long n) {
            now.put(k, b + n); // counters of the processor it replaced, e.g. the audio relay before the switch
          }
        });
      }
      stats.add(now);
    }
    return stats;
  }
}
