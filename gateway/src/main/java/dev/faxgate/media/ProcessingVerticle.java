package dev.faxgate.media;

import dev.faxgate.relay.DatagramSink;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.relay.MediaProcessor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the media processors of the sessions its I/O partner carries. Once per tick it takes the
 * partner's batch of received datagrams, hands each to its session's processor, runs every
 * processor's tick, and answers with the batch of datagrams to send. A session whose legs have
 * all been silent for the media-silence timeout is reported to the session manager, once.
 */
final class ProcessingVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ProcessingVerticle.class);
  /** Local address on which silent sessions are reported: body {@code {"sessionId":ID,"silentMs":N}}. */
  static final String SILENCE_ADDRESS = "faxgate.media.silence";
  /**
   * Local address on which fax tone detections are reported: body {@code {"sessionId":..,"leg":"a",
   * "tone":"cng","toneStartMs":..,"detectedMs":..,"levelDbm0":..}}.
   */
  static final String DETECTION_ADDRESS = "faxgate.media.detection";
  /** Local address on which a session's first fax activity is reported: body {@code {"sessionId":ID}}. */
  static final String ACTIVITY_ADDRESS = "faxgate.media.activity";
  /** Local address on which a fax that ended by itself is reported: {@code {"sessionId":ID,"fax":{report}}}. */
  static final String FAX_END_ADDRESS = "faxgate.media.fax-end";
  /** Local address on which the switch-to-T.38 watch reports the V.21 preamble: {@code {"sessionId":ID,"leg":"a"}}. */
  static final String PREAMBLE_ADDRESS = "faxgate.media.preamble";
  /** Local address on which a fax's score so far is reported when it changes: {@code {"sessionId":ID,"fax":{report}}}. */
  static final String FAX_PROGRESS_ADDRESS = "faxgate.media.fax-progress";
  private static final String[] LEG_NAMES = {"a", "b"};

  private final String address;
  private final long silenceTimeoutTicks;
  private final MediaCounters counters;
  private final DeliveryOptions local = new DeliveryOptions().setCodecName(MediaBatchCodec.NAME).setLocalOnly(true);
  private final List<Slot> slots = new ArrayList<>();
  private final MediaBatch out = new MediaBatch();
  private final DatagramSink sink;
  private int sinkSlot;
  private long tick;

  /** A session's processor and its silence clock. */
  private static final class Slot {
    final String sessionId;
    MediaProcessor processor;
    /** Statistics of processors this slot had before (the switch to T.38 replaces the processor). */
    final List<Map<String, Object>> earlier = new ArrayList<>();
    long lastHeard;
    boolean reported;
    boolean activityReported;
    boolean overReported;
    boolean preambleReported;
    long progress;

    Slot(String sessionId, MediaProcessor processor, long now) {
      this.sessionId = sessionId;
      this.processor = processor;
      this.lastHeard = now;
    }
  }

  ProcessingVerticle(String address, long silenceTimeoutMs, MediaCounters counters) {
    this.address = address;
    this.silenceTimeoutTicks = silenceTimeoutMs <= 0 ? Long.MAX_VALUE : silenceTimeoutMs * 1_000_000L / MediaIoVerticle.TICK_NANOS;
    this.counters = counters;
    this.sink = (leg, buf, off, len) -> out.add(sinkSlot, leg, buf, off, len);
  }

  @Override
  public Future<?> start() {
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
    for (int t = 0; t < in.ticks(); t++) {
      tick++;
      for (int slot = 0; slot < slots.size(); slot++) {
        Slot s = slots.get(slot);
        if (s == null) {
          continue;
        }
        sinkSlot = slot;
        try {
          s.processor.tick(sink);
        } catch (RuntimeException e) {
          log.error("session {}: its processor failed on a tick", s.sessionId, e);
        }
        watchFax(s);
        if (!s.reported && tick - s.lastHeard >= silenceTimeoutTicks) {
          s.reported = true;
          vertx.eventBus().send(SILENCE_ADDRESS, new JsonObject().put("sessionId", s.sessionId)
              .put("silentMs", (tick - s.lastHeard) * MediaIoVerticle.TICK_NANOS / 1_000_000L));
        }
      }
    }
    counters.processed(System.nanoTime() - t0);
    msg.reply(out, local);
  }

  /** Reports a session's first fax activity, and its fax's end, once each. */
  private void watchFax(Slot s) {
    try {
      if (!s.preambleReported && s.processor.faxPreambleLeg() >= 0) {
        s.preambleReported = true;
        vertx.eventBus().send(PREAMBLE_ADDRESS, new JsonObject().put("sessionId", s.sessionId)
            .put("leg", LEG_NAMES[s.processor.faxPreambleLeg()]));
      }
      if (!s.activityReported && s.processor.faxActivity()) {
        s.activityReported = true;
        vertx.eventBus().send(ACTIVITY_ADDRESS, new JsonObject().put("sessionId", s.sessionId));
      }
      long progress = s.processor.faxProgress();
      if (progress != s.progress && !s.processor.faxOver()) {
        s.progress = progress;
        vertx.eventBus().send(FAX_PROGRESS_ADDRESS, new JsonObject().put("sessionId", s.sessionId)
            .put("fax", new JsonObject(s.processor.faxReport().toMap())));
      }
      if (!s.overReported && s.processor.faxOver()) {
        s.overReported = true;
        vertx.eventBus().send(FAX_END_ADDRESS, new JsonObject().put("sessionId", s.sessionId)
            .put("fax", new JsonObject(s.processor.faxReport().toMap())));
      }
    } catch (RuntimeException e) {
      log.error("session {}: its processor failed to report on the fax", s.sessionId, e);
    }
  }

  /** Runs {@code processor} for the session in {@code slot} from the next tick on. */
  Future<Void> attach(int slot, String sessionId, MediaProcessor processor) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      while (slots.size() <= slot) {
        slots.add(null);
      }
      slots.set(slot, new Slot(sessionId, processor, tick));
      promise.complete();
    });
    return promise.future();
  }

  /**
   * Replaces the processor of the session in {@code slot} with {@code change(old)}, between two
   * ticks; the old one's leg statistics are added to the new one's when the session ends.
   */
  Future<Void> replace(int slot, java.util.function.UnaryOperator<MediaProcessor> change, int legs) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      Slot s = slot < slots.size() ? slots.get(slot) : null;
      if (s == null) {
        promise.fail("the session's media is closed");
        return;
      }
      try {
        MediaProcessor next = change.apply(s.processor);
        for (int leg = 0; leg < legs; leg++) {
          s.earlier.add(s.processor.legStats(leg));
        }
        s.processor = next;
        promise.complete();
      } catch (RuntimeException e) {
        log.error("session {}: its processor could not be replaced", s.sessionId, e);
        promise.fail(e);
      }
    });
    return promise.future();
  }

  /** Starts or stops (duration 0) fax tone detection for the session in {@code slot}. */
  Future<Void> watchTones(int slot, long durationSamples) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      Slot s = slot < slots.size() ? slots.get(slot) : null;
      if (s != null) {
        s.processor.watchTones(durationSamples, (leg, tone, startMs, detectedMs, level) ->
            vertx.eventBus().send(DETECTION_ADDRESS, new JsonObject().put("sessionId", s.sessionId)
                .put("leg", LEG_NAMES[leg]).put("tone", tone.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .put("toneStartMs", startMs).put("detectedMs", detectedMs)
                .put("levelDbm0", Math.round(level * 10) / 10.0)));
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
      FaxReport report = s.processor.faxReport();
      if (report != null) {
        stats.add(report.toMap());
      }
      promise.complete(stats);
    });
    return promise.future();
  }
}
