package dev.faxgate.media;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the UDP sockets of its sessions and the 20 ms media clock. The sockets are non-blocking NIO
 * channels that this verticle polls through one {@link Selector} every {@value #POLL_MS} ms on its
 * own event loop: reading copies each datagram straight into the tick's {@link MediaBatch}, sending
 * copies each outbound datagram into one direct buffer, and neither allocates (Vert.x's
 * {@code DatagramSocket} allocated a buffer, a packet and an address per datagram). Datagrams from
 * a leg's far end (or, for a latching leg, from the first source it hears) are kept; anything else
 * is counted and dropped. On each tick the batch goes to the processing partner over the local
 * bus, and the outbound batch that comes back is sent.
 */
final class MediaIoVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(MediaIoVerticle.class);
  static final long TICK_NANOS = 20_000_000L;
  /** The most ticks run at once to catch up after a late timer; more are skipped and counted. */
  static final int MAX_CATCH_UP = 5;
  /** How often the sockets are read, ms: it bounds how late an arrival time is stamped. */
  static final long POLL_MS = 5;
  /**
   * Rounds of one poll at most: each round asks the selector which sockets have datagrams and reads
   * one from each, so a flooded leg cannot starve the others and this bounds the datagrams read from
   * one socket per poll.
   */
  private static final int MAX_ROUNDS = 256;
  private static final int MAX_DATAGRAM = 65_536;

  private final String processorAddress;
  private final PortAllocator ports;
  private final MediaCounters counters;
  private final DeliveryOptions local = LocalCodec.delivery(LocalCodec.MEDIA_BATCH);
  private final List<IoSession> sessions = new ArrayList<>();
  /** Closed sessions' captures kept only if the session failed (capture.failed), until its outcome is known. */
  private final java.util.Map<String, PacketCapture> awaitingOutcome = new java.util.HashMap<>();
  /** Binds one leg tries before the session is refused (each failed port is then skipped for a minute). */
  static final int MAX_BIND_ATTEMPTS = 1000;
  private final ByteBuffer rx = ByteBuffer.allocateDirect(MAX_DATAGRAM);
  private final ByteBuffer tx = ByteBuffer.allocateDirect(MAX_DATAGRAM);
  private final Consumer<SelectionKey> onReadable = this::readable;
  private Selector selector;
  private MediaBatch filling = new MediaBatch();
  private MediaBatch spare = new MediaBatch();
  /** A tick's batch is with the processing partner, or its answer is still being sent. */
  private boolean inFlight;
  /** The answer being sent, and the index of its next datagram. */
  private MediaBatch sending;
  private int nextSend;
  /** The next slice of {@link #sendSlice}, after the loop's due timers (the poll, the clock) and sockets. */
  private LoopYield resumeSending;
  private long clockStart;
  private long ticksDone;
  private long timer = -1;
  private long pollTimer = -1;
  private boolean stopped;

  /** The sockets of one session. */
  private static final class IoSession {
    final String sessionId;
    final IoLeg[] legs;
    /** The session's packets as they pass, and where they go at the end (null: not captured). */
    PacketCapture capture;

    IoSession(String sessionId, IoLeg[] legs) {
      this.sessionId = sessionId;
      this.legs = legs;
    }
  }

  /** One leg's channel and far end. */
  private static final class IoLeg {
    final MediaLeg spec;
    final int slot;
    final int index;
    DatagramChannel channel;
    SelectionKey key;
    int port;
    /** The bound address, for the session's packet capture. */
    InetSocketAddress local;
    InetSocketAddress far;
    long strangers;

    IoLeg(MediaLeg spec, int slot, int index) {
      this.spec = spec;
      this.slot = slot;
      this.index = index;
    }
  }

  MediaIoVerticle(String processorAddress, PortAllocator ports, MediaCounters counters) {
    this.processorAddress = processorAddress;
    this.ports = ports;
    this.counters = counters;
  }

  @Override
  public Future<?> start() throws IOException {
    selector = Selector.open();
    resumeSending = new LoopYield(context, v -> sendSlice());
    clockStart = System.nanoTime();
    scheduleTick();
    pollTimer = vertx.setPeriodic(POLL_MS, t -> poll());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() throws IOException {
    stopped = true;
    vertx.cancelTimer(timer);
    vertx.cancelTimer(pollTimer);
    for (IoSession s : sessions) {
      if (s != null) {
        closeLegs(s);
      }
    }
    selector.close();
    return Future.succeededFuture();
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
    poll();
    long elapsed = System.nanoTime() - clockStart;
    counters.tickLate(Math.max(0, elapsed - (ticksDone + 1) * TICK_NANOS));
    long due = elapsed / TICK_NANOS - ticksDone;
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
        batch.clear();
        spare = batch;
        if (reply.succeeded()) {
          sending = reply.result().body();
          nextSend = 0;
          sendSlice(); // the tick stays in flight until the last datagram has left
        } else {
          inFlight = false;
          if (!stopped && !isPartnerGone(reply.cause())) {
            log.error("media tick failed: {}", reply.cause().toString());
          }
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

  /**
   * Reads every socket that has datagrams waiting: one datagram per ready socket per round, rounds
   * until no socket is ready. A socket with a datagram left is ready again in the next round (the
   * selector is level-triggered), so reading on until a socket answers "nothing" would cost one
   * empty receive per ready socket per poll (nearly one per datagram, as a leg gets one datagram
   * every 20 ms and is polled every 5); a round costs one selector call for all of them.
   */
  private void poll() {
    if (stopped) {
      return;
    }
    try {
      for (int round = 0; round < MAX_ROUNDS && selector.selectNow(onReadable) > 0; round++) {
        // each round read one datagram from each ready socket
      }
    } catch (IOException e) {
      log.error("media sockets could not be polled: {}", e.toString());
    }
  }

  private void readable(SelectionKey key) {
    IoLeg leg = (IoLeg) key.attachment();
    rx.clear();
    SocketAddress source;
    try {
      source = leg.channel.receive(rx); // the JDK reuses its address object while the sender stays the same
    } catch (IOException e) {
      log.warn("session {} leg {}: receive failed: {}", sessions.get(leg.slot).sessionId, leg.spec.name(), e.toString());
      return;
    }
    if (source != null) {
      rx.flip();
      received(leg, source, arrival8k());
    }
  }

  private void received(IoLeg leg, SocketAddress source, int arrival) {
    if (leg.far == null && leg.spec.latch()) {
      leg.far = (InetSocketAddress) source;
      log.info("session {} leg {}: latched to {}", sessions.get(leg.slot).sessionId, leg.spec.name(), endpoint(leg.far));
    }
    if (leg.far == null || !leg.far.equals(source)) {
      leg.strangers++;
      counters.stranger(leg.spec.transport());
      return;
    }
    counters.received(leg.spec.transport());
    PacketCapture capture = sessions.get(leg.slot).capture;
    if (capture != null) {
      capture.packet(leg.far, leg.local, rx); // before the batch takes the bytes (it reads rx to its end)
    }
    filling.add(leg.slot, leg.index, arrival, rx);
  }

  /**
   * Sends the outbound batch for about {@link ProcessingVerticle#SLICE_NANOS}, then lets the event
   * loop do what else waits and goes on where it stopped: hundreds of sessions' datagrams take
   * milliseconds of system calls. The batch stays the partner's, which refills it next tick; the
   * tick is in flight until the last datagram has left.
   */
  private void sendSlice() {
    MediaBatch out = sending;
    long start = System.nanoTime();
    while (nextSend < out.count() && !stopped) {
      send(out, nextSend++);
      if (nextSend < out.count() && System.nanoTime() - start >= ProcessingVerticle.SLICE_NANOS) {
        resumeSending.later();
        return;
      }
    }
    sending = null;
    inFlight = false;
  }

  private void send(MediaBatch out, int i) {
    IoSession s = out.slot(i) < sessions.size() ? sessions.get(out.slot(i)) : null;
    if (s == null) {
      return;
    }
    IoLeg leg = s.legs[out.leg(i)];
    if (leg.far == null || leg.channel == null) {
      return; // a latching leg that has heard nobody yet has nowhere to send
    }
    tx.clear();
    tx.put(out.data(), out.offset(i), out.length(i)).flip();
    try {
      if (s.capture != null) {
        s.capture.packet(leg.local, leg.far, tx);
      }
      if (leg.channel.send(tx, leg.far) > 0) {
        counters.sent(leg.spec.transport());
      }
    } catch (IOException | RuntimeException e) {
      // a RuntimeException (e.g. an address the channel's family cannot reach) must not end the
      // tick half sent: the tick would stay in flight and stall every session of this verticle
      log.warn("session {} leg {}: send to {} failed: {}", s.sessionId, leg.spec.name(), endpoint(leg.far), e.toString());
    }
  }

  /** The local clock in 8 kHz units (125 µs), raw 32 bits. */
  static int arrival8k() {
    return (int) (System.nanoTime() / 125_000L);
  }

  private static String endpoint(InetSocketAddress a) {
    return new Endpoint(a.getAddress().getHostAddress(), a.getPort()).toString();
  }

  /** Binds the session's sockets in slot {@code slot}; the future holds each leg's local port. */
  Future<int[]> open(int slot, String sessionId, List<MediaLeg> specs) {
    Promise<int[]> promise = Promise.promise();
    context.runOnContext(v -> {
      IoLeg[] legs = new IoLeg[specs.size()];
      for (int i = 0; i < legs.length; i++) {
        legs[i] = new IoLeg(specs.get(i), slot, i);
      }
      IoSession session = new IoSession(sessionId, legs);
      try {
        for (IoLeg leg : legs) {
          bind(leg);
        }
      } catch (IOException | RuntimeException e) {
        closeLegs(session);
        promise.fail(e.getMessage());
        return;
      }
      while (sessions.size() <= slot) {
        sessions.add(null);
      }
      sessions.set(slot, session);
      int[] local = new int[legs.length];
      for (int i = 0; i < legs.length; i++) {
        local[i] = legs[i].port;
      }
      promise.complete(local);
    });
    return promise.future();
  }

  private void bind(IoLeg leg) throws IOException {
    MediaLeg spec = leg.spec;
    InetAddress host = spec.localHost();
    leg.far = spec.far();
    if (spec.localPort() > 0) {
      if (!ports.claim(spec.localPort())) {
        throw new IOException("local port " + spec.localPort() + " is already in use by another session");
      }
      try {
        listen(leg, host, spec.localPort());
      } catch (IOException e) {
        ports.release(spec.localPort());
        throw e;
      }
      return;
    }
    IOException last = null;
    for (int attempt = 0; attempt < MAX_BIND_ATTEMPTS; attempt++) {
      int port = ports.take(spec.transport() == MediaLeg.Transport.RTP);
      if (port < 0) {
        throw new IOException("the media port range is exhausted" + (last == null ? "" : " (the last port tried: "
            + last.getMessage() + ")"));
      }
      try {
        listen(leg, host, port);
        return;
      } catch (IOException e) {
        ports.heldElsewhere(port); // another process holds it: skipped for a while, try the next one
        last = e;
      }
    }
    throw new IOException(MAX_BIND_ATTEMPTS + " ports in a row of media.port_min..port_max are held by other programs"
        + " (another node on this host needs a range of its own); the last: " + last.getMessage(), last);
  }

  private void listen(IoLeg leg, InetAddress host, int port) throws IOException {
    DatagramChannel channel = DatagramChannel.open(host instanceof Inet6Address ? StandardProtocolFamily.INET6
        : StandardProtocolFamily.INET);
    try {
      channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
      channel.bind(new InetSocketAddress(host, port));
      channel.configureBlocking(false);
      leg.key = channel.register(selector, SelectionKey.OP_READ, leg);
    } catch (IOException e) {
      channel.close();
      throw new IOException("cannot bind " + host.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
    }
    leg.channel = channel;
    leg.port = port;
    leg.local = (InetSocketAddress) channel.getLocalAddress();
  }

  /** Points leg {@code index} of the session in {@code slot} at a new far end (the leg moved, e.g. to T.38). */
  Future<Void> retarget(int slot, int index, InetSocketAddress far) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      IoSession s = slot < sessions.size() ? sessions.get(slot) : null;
      if (s == null || index >= s.legs.length) {
        promise.fail("the session's media is closed");
        return;
      }
      IoLeg leg = s.legs[index];
      leg.far = far;
      log.info("session {} leg {}: far end now {}", s.sessionId, leg.spec.name(), endpoint(leg.far));
      promise.complete();
    });
    return promise.future();
  }

  /**
   * Captures the packets of the session in {@code slot} on both legs from now on, at most
   * {@code maxBytes} of them, for {@code file}: {@link #close} writes a capture {@code keep}s
   * {@link PacketCapture.Keep#ALWAYS ALWAYS}; one kept {@link PacketCapture.Keep#IF_FAILED IF_FAILED}
   * waits for {@link #settleCapture} to say how the session ended.
   */
  Future<Void> capture(int slot, java.nio.file.Path file, int maxBytes, int maxFiles, PacketCapture.Keep keep) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      IoSession s = slot < sessions.size() ? sessions.get(slot) : null;
      if (s == null) {
        promise.fail("the session's media is closed");
        return;
      }
      s.capture = new PacketCapture(maxBytes, file, maxFiles, keep);
      promise.complete();
    });
    return promise.future();
  }

  /**
   * The session {@code sessionId} ended ({@code failed}: not SUCCESS): its closed capture waiting for
   * the outcome is written or dropped ({@link PacketCapture#settle}). The future completes once that
   * is done; it never fails (a file that cannot be written is logged).
   */
  Future<Void> settleCapture(String sessionId, boolean failed) {
    Promise<Void> promise = Promise.promise();
    context.runOnContext(v -> {
      PacketCapture capture = awaitingOutcome.remove(sessionId);
      if (capture == null) {
        promise.complete();
        return;
      }
      settle(sessionId, capture, failed).onComplete(done -> promise.complete());
    });
    return promise.future();
  }

  /** Settles a closed session's capture off the event loop; one log line says where and how much, or why not. */
  private Future<Boolean> settle(String sessionId, PacketCapture capture, boolean failed) {
    return vertx.executeBlocking(() -> capture.settle(failed), false).onComplete(done -> {
      if (done.failed()) {
        log.error("session {}: its packet capture could not be written to {}: {}", sessionId, capture.file(),
            done.cause().toString());
      } else if (done.result()) {
        log.info("session {}: {} packets captured to {}{}", sessionId, capture.packets(), capture.file(),
            capture.dropped() > 0 ? " (" + capture.dropped() + " more past the capture's bound were not kept)" : "");
      } else {
        log.debug("session {}: ended SUCCESS, its capture (capture.failed) is not kept", sessionId);
      }
    });
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
      poll(); // what arrived up to now still counts
      sessions.set(slot, null);
      JsonObject[] stats = socketStats(s);
      closeLegs(s);
      if (s.capture != null && s.capture.keep() == PacketCapture.Keep.ALWAYS) {
        settle(s.sessionId, s.capture, true);
      } else if (s.capture != null) {
        awaitingOutcome.put(s.sessionId, s.capture); // until settleCapture tells how the session ended
      }
      promise.complete(stats);
    });
    return promise.future();
  }

  /** Each leg's socket statistics of the running session in {@code slot}, as they stand (empty when it is gone). */
  Future<JsonObject[]> snapshot(int slot) {
    Promise<JsonObject[]> promise = Promise.promise();
    context.runOnContext(v -> {
      IoSession s = slot < sessions.size() ? sessions.get(slot) : null;
      promise.complete(s == null ? new JsonObject[0] : socketStats(s));
    });
    return promise.future();
  }

  /** Per leg: its local port, the datagrams dropped as not from its far end, and the far end it sends to (null: none yet). */
  private static JsonObject[] socketStats(IoSession s) {
    JsonObject[] stats = new JsonObject[s.legs.length];
    for (int i = 0; i < s.legs.length; i++) {
      IoLeg leg = s.legs[i];
      stats[i] = new JsonObject().put("localPort", leg.port).put("strangers", leg.strangers)
          .put("far", leg.far == null ? null : endpoint(leg.far));
    }
    return stats;
  }

  private void closeLegs(IoSession s) {
    for (IoLeg leg : s.legs) {
      if (leg.channel != null) {
        leg.key.cancel();
        try {
          leg.channel.close();
        } catch (IOException e) {
          log.warn("session {} leg {}: close failed: {}", s.sessionId, leg.spec.name(), e.toString());
        }
        ports.release(leg.port);
        leg.channel = null;
      }
    }
  }
}
