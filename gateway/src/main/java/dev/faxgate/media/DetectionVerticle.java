package dev.faxgate.media;

import dev.faxgate.detect.DetectorEvents;
import dev.faxgate.detect.V21PreambleDetector;
import dev.faxgate.relay.FaxToneWatch;
import dev.faxgate.rtp.G711;
import dev.faxgate.rtp.JitterBuffer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the fax tone detectors for the sessions of one processing verticle, on its own event loop:
 * once per tick the processing verticle hands it a {@link MediaBatch} of the audio its relays
 * played (one 160-octet G.711 frame per tapped leg), by reference, and gets it back when the
 * detectors are done. Two kinds of watch, each reported as a {@link MediaEvent}:
 *
 * <ul>
 *   <li>FAXOPT faxdetect ({@link #watchTones}): CNG, CED/ANSam and the V.21 preamble on every
 *       audio leg, each tone reported once, for a limited time or the whole session;</li>
 *   <li>the switch to T.38 ({@link #watchForSwitch}): the V.21 preamble on either leg, reported
 *       once, for the session manager to ask the controller for T.38.</li>
 * </ul>
 */
final class DetectionVerticle extends VerticleBase {
  private static final String[] LEG_NAMES = {"a", "b"};

  private final String address;
  private final String eventsAddress;
  private final DeliveryOptions eventDelivery = LocalCodec.delivery(LocalCodec.MEDIA_EVENT);
  private final DeliveryOptions batchDelivery = LocalCodec.delivery(LocalCodec.MEDIA_BATCH);
  private final List<Watch> watches = new ArrayList<>();
  private final short[] linear = new short[JitterBuffer.FRAME_SAMPLES];

  /** What one session's legs are watched for. */
  private static final class Watch {
    final String sessionId;
    final int[] payloadType;
    FaxToneWatch[] tones;
    V21PreambleDetector[] preamble;

    Watch(String sessionId, int[] payloadType) {
      this.sessionId = sessionId;
      this.payloadType = payloadType;
    }
  }

  DetectionVerticle(String address, String eventsAddress) {
    this.address = address;
    this.eventsAddress = eventsAddress;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus().<MediaBatch>localConsumer(address, this::detect).completion();
  }

  private void detect(Message<MediaBatch> msg) {
    MediaBatch audio = msg.body();
    for (int i = 0; i < audio.count(); i++) {
      Watch w = audio.slot(i) < watches.size() ? watches.get(audio.slot(i)) : null;
      if (w != null) {
        int leg = audio.leg(i);
        if (w.tones != null) {
          w.tones[leg].frame(audio.data(), audio.offset(i), audio.length(i), w.payloadType[leg]);
        }
        if (w.preamble != null) {
          preamble(w, leg, audio.data(), audio.offset(i), audio.length(i));
        }
      }
    }
    msg.reply(audio, batchDelivery);
  }

  /** The switch-to-T.38 watch: the first V.21 preamble on either leg, then it stops. */
  private void preamble(Watch w, int leg, byte[] g711, int off, int len) {
    int n = Math.min(len, linear.length);
    if (w.payloadType[leg] == G711.PT_PCMA) {
      G711.alawToLinear(g711, off, linear, 0, n);
    } else {
      G711.ulawToLinear(g711, off, linear, 0, n);
    }
    if (w.preamble[leg].process(linear, 0, n) > 0) {
      DetectorEvents events = w.preamble[leg].events();
      for (int i = 0; i < events.count(); i++) {
        if (events.kind(i).isDetection() && w.preamble != null) {
          w.preamble = null;
          report(new MediaEvent.V21Heard(w.sessionId, LEG_NAMES[leg]));
        }
      }
    }
  }

  private void report(MediaEvent event) {
    vertx.eventBus().send(eventsAddress, event, eventDelivery);
  }

  /** Starts, or with {@code durationSamples <= 0} stops, FAXOPT faxdetect on both legs of the session in {@code slot}. */
  Future<Void> watchTones(int slot, String sessionId, int[] payloadType, long durationSamples) {
    return onContext(() -> {
      Watch w = watch(slot, sessionId, payloadType);
      w.tones = durationSamples <= 0 ? null : new FaxToneWatch[2];
      for (int leg = 0; w.tones != null && leg < 2; leg++) {
        w.tones[leg] = new FaxToneWatch(leg, durationSamples, (l, tone, startMs, detectedMs, level) ->
            report(new MediaEvent.ToneDetected(sessionId, LEG_NAMES[l], tone.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                startMs, detectedMs, Math.round(level * 10) / 10.0)));
      }
    });
  }

  /** Listens to both legs of the session in {@code slot} for the V.21 preamble (the switch to T.38). */
  Future<Void> watchForSwitch(int slot, String sessionId, int[] payloadType) {
    return onContext(() -> watch(slot, sessionId, payloadType).preamble =
        new V21PreambleDetector[] {new V21PreambleDetector(), new V21PreambleDetector()});
  }

  /** The session in {@code slot} is gone: its detectors with it. */
  Future<Void> forget(int slot) {
    return onContext(() -> {
      if (slot < watches.size()) {
        watches.set(slot, null);
      }
    });
  }

  private Watch watch(int slot, String sessionId, int[] payloadType) {
    while (watches.size() <= slot) {
      watches.add(null);
    }
    Watch w = watches.get(slot);
    if (w == null || !w.sessionId.equals(sessionId)) {
      w = new Watch(sessionId, payloadType);
      watches.set(slot, w);
    }
    return w;
  }

  private Future<Void> onContext(Runnable change) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      change.run();
      promise.complete();
    });
    return promise.future();
  }
}
