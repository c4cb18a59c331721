package dev.faxgate.media;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the UDP sockets of its sessions and the 20 ms media clock. Datagrams from a leg's far end
 * (or, for a latching leg, from the first source it hears) are copied into the tick's
 * {@link MediaBatch}; anything else is counted and dropped. On each tick the batch goes to the
 * processing partner over the local bus, and the outbound batch that comes back is sent.
 */
final class MediaIoVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(MediaIoVerticle.class);
  static final long TICK_NANOS = 20_000_000L;
  /** The most ticks run at once to catch up after a late timer; more are skipped and counted. */
  static final int MAX_CATCH_UP = 5;

  private final String processorAddress;
  private final PortAllocator ports;
  private final MediaCounters counters;
  private final DeliveryOptions local = new DeliveryOptions().setCodecName(MediaBatchCodec.NAME).setLocalOnly(true);
  private final List<IoSession> sessions = new ArrayList<>();
  private MediaBatch filling = new MediaBatch();
  private MediaBatch spare = new MediaBatch();
  private boolean inFlight;
  private long clockStart;
  private long ticksDone;
  private long timer = -1;
  private boolean stopped;

  /** The sockets of one session. */
  private static final class IoSession {
    final String sessionId;
    final IoLeg[] legs;

    IoSession(String sessionId, IoLeg[] legs) {
      this.sessionId = sessionId;
      this.legs = legs;
    }
  }

  /** One leg's socket and far end. */
  private static final class IoLeg {
    final MediaLeg spec;
    DatagramSocket socket;
    int port;
    Endpoint far;
    long strangers;
    long sent;

    IoLeg(MediaLeg spec) {
      this.spec = spec;
      this.far = spec.far();
    }
  }

  MediaIoVerticle(String processorAddress, PortAllocator ports, MediaCounters counters) {
    this.processorAddress = processorAddress;
    this.ports = ports;
    this.counters = counters;
  }

  @Override
  public Future<?> start() {
    clockStart = System.nanoTime();
    scheduleTick();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    List<Future<Void>> closing = new ArrayList<>();
    for (IoSession s : sessions) {
      if (s != null) {
        closing.add(closeLegs(s));
      }
    }
    return Future.join(closing);
  }

  private void scheduleTick() {
    long due = clockStart + (ticksDone + 1) * TICK_NANOS;
    long delayMs = Math.max(1, (due - System.nanoTime() + 999_999) / 1_000_000);
    timer = vertx.setTimer(delayMs, t -> tick());
  }

  private void tick() {
    if (stopped) {
      return;
    }
    long due = (System.nanoTime() - clockStart) / TICK_NANOS - ticksDone;
    if (!inFlight && due > 0) {
      int ticks = (int) Math.min(due, MAX_CATCH_UP);
      if (due > MAX_CATCH_UP) {
        counters.ticksSkipped(due - MAX_CATCH_UP);
      }
      ticksDone += due;
      MediaBatch batch = filling;
      batch.setTicks(ticks);
      filling = spare;
      spare = null;
      inFlight = true;
      vertx.eventBus().<MediaBatch>request(processorAddress, batch, local).onComplete(reply -> {
        inFlight = false;
        batch.clear();
        spare = batch;
        if (reply.succeeded()) {
          send(reply.result().body());
        } else if (!stopped && !isPartnerGone(reply.cause())) {
          log.error("media tick failed: {}", reply.cause().toString());
        }
      });
    } else if (inFlight) {
      counters.tickOverrun(); // the partner has not answered the last tick yet: datagrams wait for the next
    }
    scheduleTick();
  }

  /** The processing partner is undeployed first when the node stops: its last missing answer is no fault. */
  private static boolean isPartnerGone(Throwable failure) {
    return failure instanceof io.vertx.core.eventbus.ReplyException re
        && re.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS;
  }

  /** Sends an outbound batch; it stays the partner's, which refills it next tick. */
  private void send(MediaBatch out) {
    for (int i = 0; i < out.count(); i++) {
      IoSession s = out.slot(i) < sessions.size() ? sessions.get(out.slot(i)) : null;
      if (s == null) {
        continue;
      }
      IoLeg leg = s.legs[out.leg(i)];
      if (leg.far == null || leg.socket == null) {
        continue; // a latching leg that has heard nobody yet has nowhere to send
      }
      // Vert.x's DatagramSocket allocates per datagram (a Buffer here, Netty's packet, the host's
      // resolution): measured by bench-media; an allocation-free path needs a lower layer than Vert.x's API
      leg.socket.send(Buffer.buffer(out.length(i)).appendBytes(out.data(), out.offset(i), out.length(i)),
          leg.far.port(), leg.far.host());
      leg.sent++;
      counters.sent(leg.spec.transport());
    }
  }

  private void received(int slot, int legIndex, IoLeg leg, DatagramPacket packet) {
    if (leg.far == null && leg.spec.latch()) {
      leg.far = new Endpoint(packet.sender().host(), packet.sender().port());
      log.info("session {} leg {}: latched to {}", sessions.get(slot).sessionId, leg.spec.name(), leg.far);
    }
    if (leg.far == null || !leg.far.matches(packet.sender())) {
      leg.strangers++;
      counters.stranger(leg.spec.transport());
      return;
    }
    counters.received(leg.spec.transport());
    filling.add(slot, legIndex, arrival8k(), packet.data());
  }

  /** The local clock in 8 kHz units (125 µs), raw 32 bits. */
  static int arrival8k() {
    return (int) (System.nanoTime() / 125_000L);
  }

  /** Binds the session's sockets in slot {@code slot}; the future holds each leg's local port. */
  Future<int[]> open(int slot, String sessionId, List<MediaLeg> specs) {
    Promise<int[]> promise = Promise.promise();
    context.runOnContext(v -> {
      IoLeg[] legs = new IoLeg[specs.size()];
      for (int i = 0; i < legs.length; i++) {
        legs[i] = new IoLeg(specs.get(i));
      }
      IoSession session = new IoSession(sessionId, legs);
      while (sessions.size() <= slot) {
        sessions.add(null);
      }
      sessions.set(slot, session);
      List<Future<Void>> bound = new ArrayList<>();
      for (int i = 0; i < legs.length; i++) {
        bound.add(bind(slot, i, legs[i]));
      }
      Future.all(bound).onComplete(all -> {
        if (all.succeeded()) {
          int[] local = new int[legs.length];
          for (int i = 0; i < legs.length; i++) {
            local[i] = legs[i].port;
          }
          promise.complete(local);
        } else {
          sessions.set(slot, null);
          closeLegs(session).onComplete(c -> promise.fail(all.cause()));
        }
      });
    });
    return promise.future();
  }

  private Future<Void> bind(int slot, int index, IoLeg leg) {
    MediaLeg spec = leg.spec;
    if (spec.localPort() > 0) {
      if (!ports.claim(spec.localPort())) {
        return Future.failedFuture("local port " + spec.localPort() + " is already in use by another session");
      }
      return listen(slot, index, leg, spec.localPort()).onFailure(e -> ports.release(spec.localPort()));
    }
    return bindFromRange(slot, index, leg, 0);
  }

  private Future<Void> bindFromRange(int slot, int index, IoLeg leg, int attempt) {
    int port = ports.take(leg.spec.transport() == MediaLeg.Transport.RTP);
    if (port < 0) {
      return Future.failedFuture("the media port range is exhausted");
    }
    return listen(slot, index, leg, port).recover(e -> {
      ports.release(port);
      return attempt < 20 ? bindFromRange(slot, index, leg, attempt + 1) : Future.failedFuture(e);
    });
  }

  private Future<Void> listen(int slot, int index, IoLeg leg, int port) {
    DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(1 << 20));
    return socket.listen(port, leg.spec.localHost()).map(s -> {
      leg.socket = s;
      leg.port = port;
      s.handler(packet -> received(slot, index, leg, packet));
      return (Void) null;
    }).recover(e -> socket.close().transform(c -> Future.failedFuture(
        "cannot bind " + leg.spec.localHost() + ":" + port + ": " + e.getMessage())));
  }

  /** Closes the session in {@code slot}; the future holds each leg's socket statistics. */
  Future<JsonObject[]> close(int slot) {
    Promise<JsonObject[]> promise = Promise.promise();
    context.runOnContext(v -> {
      IoSession s = slot < sessions.size() ? sessions.get(slot) : null;
      if (s == null) {
        promise.complete(new JsonObject[0]);
        return;
      }
      sessions.set(slot, null);
      JsonObject[] stats = new JsonObject[s.legs.length];
      for (int i = 0; i < s.legs.length; i++) {
        IoLeg leg = s.legs[i];
        stats[i] = new JsonObject().put("localPort", leg.port).put("strangers", leg.strangers)
            .put("far", leg.far == null ? null : leg.far.toString());
      }
      closeLegs(s).onComplete(c -> promise.complete(stats));
    });
    return promise.future();
  }

  private Future<Void> closeLegs(IoSession s) {
    List<Future<Void>> closing = new ArrayList<>();
    for (IoLeg leg : s.legs) {
      if (leg.socket != null) {
        int port = leg.port;
        closing.add(leg.socket.close().onComplete(c -> ports.release(port)));
        leg.socket = null;
      }
    }
    return Future.join(closing).mapEmpty();
  }
}
