package dev.faxgate.results;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxError;
import dev.faxgate.metrics.MeterNames;
import dev.faxgate.session.ResultSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completion events to Kafka, never lost: each event is appended to the durable {@link Outbox}
 * (fsynced by default) before its session is reported ended, then sent (key: session id; headers:
 * schema, mode, status) with acks=all and idempotence, and removed from the outbox only once Kafka
 * acknowledged it. What Kafka did not take is offered again every {@code kafka.retry_seconds} and
 * at start-up. Delivery is at least once: a consumer drops the rare duplicate by {@code eventId}.
 * Outbox I/O runs on worker threads; nothing here blocks an event loop.
 *
 * <p>Each session's start is noted in the outbox's {@link OutboxSessionLog} (with what is known of
 * its fax as that changes), and its end once its event is in the outbox. At start-up, before the
 * node takes a session, every session that log still holds (the node stopped without ending it:
 * SIGKILL, OOM, power) gets its one completion event, {@code FAILED}/{@code NODE_FAILED} with the
 * last known pages, rate and remote station id; one whose event had already been written is not
 * reported again.
 *
 * <p>{@link #ready()} completes when results can be written: the broker answers and the topic
 * exists (created on the in-process broker; checked, and waited for, on a configured one), and the
 * events recovered at start-up have been acknowledged.
 */
public final class KafkaResultSink implements ResultSink {
  private static final Logger log = LoggerFactory.getLogger(KafkaResultSink.class);
  /** One JSON line per completion event, for operators reading the log. */
  private static final Logger results = LoggerFactory.getLogger("faxgate.results");
  /** Events offered again per retry round. */
  private static final int RESEND_BATCH = 500;

  private final Vertx vertx;
  private final Outbox outbox;
  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final String bootstrap;
  /** The in-process broker, starting in the background; null with kafka.bootstrap set. */
  private final Future<EmbeddedKafka> embedded;
  private final long maxEvents;
  private final long maxBytes;
  /** Ids of events handed to the producer and not yet answered (touched from several contexts). */
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final Counter published;
  private final Counter failed;
  private final Timer latency;
  private long timer = -1;
  private volatile boolean resending;
  private volatile long backlogEvents;
  private volatile long backlogBytes;
  private volatile Instant lastAck;
  private volatile String lastError;
  private volatile boolean connected;
  /** What opening the outbox found damaged, or null. */
  private final String recovery;
  /** The running sessions' log beside the outbox. */
  private final OutboxSessionLog sessions;
  /** Serialises an event's append with its session's end in the log (see {@link #accept}). */
  private final Object appendLock = new Object();
  private final int retrySeconds;
  private final int partitions;
  private final Promise<Void> ready = Promise.promise();
  /** Outbox ids of the NODE_FAILED events written at start-up that Kafka has not acknowledged yet. */
  private final Set<Long> recoveredWaiting = ConcurrentHashMap.newKeySet();
  private volatile boolean topicReady;
  /** Why results cannot be written yet, in words; null once they can. */
  private volatile String topicProblem = "the results topic has not been checked yet";
  private long topicTimer = -1;
  private long lastTopicLog;
  private volatile boolean closing;
  /** The security properties (TLS, SASL) the topic check's admin client shares with the producer. */
  private final Map<String, String> clientSecurity;

  private KafkaResultSink(Vertx vertx, GatewayConfig config, Opened opened, Future<EmbeddedKafka> embedded,
      String bootstrap, MeterRegistry registry) {
    this.vertx = vertx;
    this.outbox = opened.outbox();
    this.sessions = opened.sessions();
    this.recoveredWaiting.addAll(opened.recovered());
    this.retrySeconds = config.getInt(ConfigKey.KAFKA_RETRY_SECONDS);
    this.partitions = config.getInt(ConfigKey.KAFKA_EMBEDDED_TOPIC_PARTITIONS);
    this.embedded = embedded;
    this.bootstrap = bootstrap;
    this.topic = config.get(ConfigKey.KAFKA_TOPIC);
    String damaged = outbox.recovery().isClean() ? null : outbox.recovery().toString();
    if (!sessions.damage().isEmpty()) {
      damaged = (damaged == null ? "" : damaged + "; ") + "session log: " + sessions.damage();
    }
    this.recovery = damaged;
    this.maxEvents = config.getInt(ConfigKey.OUTBOX_MAX_EVENTS);
    this.maxBytes = Long.parseLong(config.get(ConfigKey.OUTBOX_MAX_BYTES));
    Map<String, String> producerConfig = new HashMap<>(Map.of(
        "bootstrap.servers", bootstrap,
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "acks", "all",
        "enable.idempotence", "true",
        "max.block.ms", "5000",
        "request.timeout.ms", "10000",
        "delivery.timeout.ms", "30000",
        "reconnect.backoff.max.ms", "5000",
        "client.id", "faxgate-" + config.nodeId()));
    producerConfig.putAll(config.kafkaProperties()); // TLS, SASL, tuning: the operator's word wins
    this.clientSecurity = KafkaTopicCheck.securityOf(config.kafkaProperties());
    this.producer = KafkaProducer.create(vertx, producerConfig);
    // a failed send is reported (once per outage, as a warning) by its own completion handler; the
    // producer reports the same failure here too, which Vert.x would log as an "Unhandled exception"
    // ERROR with a stack trace for every retry while Kafka is away
    this.producer.exceptionHandler(e -> log.debug("Kafka producer: {}", e.toString()));
    this.published = Counter.builder(MeterNames.KAFKA_PUBLISHED).description("Completion events Kafka acknowledged").register(registry);
    this.failed = Counter.builder(MeterNames.KAFKA_FAILED).description("Failed sends of completion events (kept in the outbox)").register(registry);
    this.latency = Timer.builder(MeterNames.KAFKA_PUBLISH).description("Send to acknowledgement of a completion event")
        .publishPercentileHistogram().register(registry);
    Gauge.builder(MeterNames.OUTBOX_BACKLOG_EVENTS, this, s -> s.backlogEvents).description("Events waiting for Kafka").register(registry);
    Gauge.builder(MeterNames.OUTBOX_BACKLOG_BYTES, this, s -> s.backlogBytes).description("Bytes of events waiting for Kafka").register(registry);
    Gauge.builder(MeterNames.OUTBOX_FULL, this, s -> s.accepting() ? 0 : 1).description("1 while new sessions are refused").register(registry);
  }

  /** The outbox and the session log as opened, with the outbox ids of the NODE_FAILED events written. */
  private record Opened(Outbox outbox, OutboxSessionLog sessions, List<Long> recovered, List<CompletionEvent> events) {}

  /**
   * Opens the outbox (reporting what a crash left), gives every session the node left running its
   * NODE_FAILED event, and offers the events left from before to Kafka. With no bootstrap servers
   * configured it starts the in-process broker in the background and creates the topic on it; the
   * returned sink is {@link #ready()} once results can be written. Sessions may be taken before
   * that: their events wait in the outbox.
   */
  public static Future<ResultSink> start(Vertx vertx, GatewayConfig config, MeterRegistry registry) {
    return start(vertx, config, registry, null);
  }

  /**
   * As {@link #start(Vertx, GatewayConfig, MeterRegistry)}, adopting an in-process broker already
   * starting ({@link EmbeddedKafka#startAsync}; null: start it here when kafka.bootstrap is empty).
   * The sink closes it when it closes.
   */
  public static Future<ResultSink> start(Vertx vertx, GatewayConfig config, MeterRegistry registry,
      CompletionStage<EmbeddedKafka> starting) {
    return vertx.executeBlocking(() -> {
      Path dir = Path.of(config.get(ConfigKey.OUTBOX_DIR));
      boolean fsync = config.getBoolean(ConfigKey.OUTBOX_FSYNC);
      Outbox outbox = Outbox.open(dir, Outbox.Options.defaults()
          .withFsync(fsync)
          // running sessions may always store their events: the bound refuses new sessions instead
          .withMaxEvents(config.getInt(ConfigKey.OUTBOX_MAX_EVENTS) + (long) config.getInt(ConfigKey.SESSIONS_MAX))
          .withMaxBytes(Long.parseLong(config.get(ConfigKey.OUTBOX_MAX_BYTES)) + 64L * 1024 * config.getInt(ConfigKey.SESSIONS_MAX)));
      Outbox.Recovery recovery = outbox.recovery();
      if (!recovery.isClean()) {
        log.warn("outbox {} was damaged (a crash mid-write?): {}; every intact event is kept and will be sent",
            config.get(ConfigKey.OUTBOX_DIR), recovery);
      }
      try {
        OutboxSessionLog sessions = OutboxSessionLog.open(dir, fsync);
        if (!sessions.damage().isEmpty()) {
          log.warn("the session log in {} ended in a torn record (a crash mid-write): {}", dir, sessions.damage());
        }
        try {
          return recoverUnfinished(outbox, sessions, Instant.now());
        } catch (Exception e) {
          sessions.close();
          throw e;
        }
      } catch (Exception e) {
        outbox.close();
        throw e;
      }
    }).map(opened -> {
      String bootstrap = config.get(ConfigKey.KAFKA_BOOTSTRAP);
      Future<EmbeddedKafka> embedded = null;
      if (bootstrap.isEmpty()) {
        Path dir = Path.of(config.get(ConfigKey.KAFKA_EMBEDDED_DIR));
        String host = config.get(ConfigKey.KAFKA_EMBEDDED_HOST);
        int port = config.getInt(ConfigKey.KAFKA_EMBEDDED_PORT);
        bootstrap = host + ":" + port;
        embedded = starting != null ? Future.fromCompletionStage(starting, vertx.getOrCreateContext())
            : vertx.executeBlocking(() -> EmbeddedKafka.start(dir, host, port,
                config.getInt(ConfigKey.KAFKA_EMBEDDED_CONTROLLER_PORT)), false);
        String where = bootstrap;
        embedded.onSuccess(k -> log.info("no kafka.bootstrap configured: an embedded Kafka broker runs on {} (data in {})",
            where, dir.toAbsolutePath()));
        embedded.onFailure(e -> log.error("the embedded Kafka broker did not start: {}; completion events wait in the outbox",
            e.getMessage()));
      }
      KafkaResultSink sink = new KafkaResultSink(vertx, config, opened, embedded, bootstrap, registry);
      for (CompletionEvent event : opened.events()) {
        results.info("{}", event.toJson().encode());
        Counter.builder(MeterNames.SESSIONS_FAILED).tag(MeterNames.TAG_MODE, event.mode().wireName())
            .tag(MeterNames.TAG_ERROR, FaxError.NODE_FAILED.name()).register(registry).increment();
      }
      sink.refreshBacklog();
      log.info("completion events go to Kafka {}{} topic {}; {} event(s) in the outbox {} wait to be sent", bootstrap,
          embedded == null ? "" : " (embedded)", sink.topic, sink.backlogEvents, config.get(ConfigKey.OUTBOX_DIR));
      sink.timer = vertx.setPeriodic(0, sink.retrySeconds * 1000L, t -> sink.resend());
      if (embedded != null) {
        embedded.onSuccess(k -> {
          sink.resend();
          sink.checkTopic();
        });
        embedded.onFailure(e -> sink.topicProblem = "the embedded Kafka broker did not start: " + e.getMessage());
      } else {
        sink.checkTopic();
      }
      return sink;
    });
  }

  /**
   * Gives every session the log still holds its one completion event: FAILED/NODE_FAILED with what
   * was known last, unless its event is in the outbox already (the node stopped between writing the
   * event and noting the end). Each is written to the outbox before the session leaves the log, so
   * a crash in between at worst finds the event on the next start and reports nothing twice.
   */
  private static Opened recoverUnfinished(Outbox outbox, OutboxSessionLog sessions, Instant now)
      throws IOException, OutboxFullException {
    List<OutboxSessionLog.Unfinished> left = sessions.unfinished();
    List<Long> ids = new ArrayList<>();
    List<CompletionEvent> events = new ArrayList<>();
    if (left.isEmpty()) {
      return new Opened(outbox, sessions, ids, events);
    }
    Set<String> wanted = new HashSet<>();
    left.forEach(u -> wanted.add(u.sessionId()));
    Set<String> written = new HashSet<>();
    outbox.forEachRecord(payload -> {
      try {
        String id = new JsonObject(new String(payload, StandardCharsets.UTF_8)).getString("sessionId");
        if (wanted.contains(id)) {
          written.add(id);
        }
      } catch (RuntimeException notAnEvent) {
        // not JSON: not an event of ours
      }
    });
    for (OutboxSessionLog.Unfinished u : left) {
      if (written.contains(u.sessionId())) {
        log.info("session {} ({}): its completion event was written before the node stopped; not reported again",
            u.sessionId(), u.mode());
      } else {
        CompletionEvent event = NodeFailedEvent.of(u, now);
        ids.add(outbox.append(event.toJson().encode().getBytes(StandardCharsets.UTF_8)));
        events.add(event);
        JsonObject e = event.toJson();
        log.warn("session {} ({}, started {} on node {}) was running when the node stopped: reported {} {} with pages={}"
            + " rate={} remotestationid={}", u.sessionId(), e.getString("mode"), e.getString("startTime"),
            e.getString("node"), e.getString("status"), e.getString("error"), e.getInteger("pages"), e.getInteger("rate"),
            e.getString("remotestationid"));
      }
      sessions.ended(u.sessionId());
    }
    return new Opened(outbox, sessions, ids, events);
  }

  @Override
  public Future<Void> started(String sessionId, JsonObject state) {
    return vertx.executeBlocking(() -> {
      sessions.started(sessionId, state);
      return null;
    }, false).mapEmpty();
  }

  @Override
  public void progressed(String sessionId, JsonObject known) {
    vertx.executeBlocking(() -> {
      sessions.progressed(sessionId, known);
      return null;
    }, false).onFailure(e -> log.warn("session {}: its progress could not be noted in the outbox: {}", sessionId,
        e.getMessage()));
  }

  @Override
  public Future<Void> ready() {
    return ready.future();
  }

  @Override
  public String notReady() {
    if (ready.future().succeeded()) {
      return "";
    }
    String problem = topicProblem;
    return problem != null ? problem : "Kafka " + bootstrap + " has not yet acknowledged the " + recoveredWaiting.size()
        + " NODE_FAILED event(s) of the sessions the node left running";
  }

  /**
   * Checks (on a worker) that results can be written, and tries again until they can: every
   * 250 ms on the in-process broker (which this node creates the topic on), every
   * kafka.retry_seconds on a configured one.
   */
  private void checkTopic() {
    topicTimer = -1;
    if (closing) {
      return;
    }
    vertx.executeBlocking(() -> KafkaTopicCheck.check(bootstrap, clientSecurity, topic, embedded != null ? partitions : 0), false)
        .onComplete(checked -> {
          KafkaTopicCheck.Result r = checked.succeeded() ? checked.result()
              : new KafkaTopicCheck.Result(false, false, String.valueOf(checked.cause()));
          if (r.missing() && embedded == null) {
            // a broker may create topics when a client asks for one, as the first send would
            producer.partitionsFor(topic).onComplete(p -> topicChecked(p.succeeded() && !p.result().isEmpty() ? null
                : r.problem()));
          } else {
            topicChecked(r.problem());
          }
        });
  }

  private void topicChecked(String problem) {
    if (problem == null) {
      topicProblem = null;
      topicReady = true;
      maybeReady();
      return;
    }
    long now = System.nanoTime();
    if (embedded == null && (!problem.equals(topicProblem) || now - lastTopicLog > TimeUnit.SECONDS.toNanos(60))) {
      lastTopicLog = now;
      log.error("results cannot be written yet: {}; the node is not ready (completion events wait in the outbox);"
          + " checking again every {} s", problem, retrySeconds);
    }
    topicProblem = problem;
    if (!closing) {
      topicTimer = vertx.setTimer(embedded != null ? 250 : retrySeconds * 1000L, t -> checkTopic());
    }
  }

  private synchronized void maybeReady() {
    if (topicReady && recoveredWaiting.isEmpty() && !ready.future().isComplete()) {
      log.info("results can be written: topic {} on Kafka {}", topic, bootstrap);
      ready.tryComplete();
    }
  }

  /**
   * Stores the event, then notes its session ended, both under one lock: no other append can roll
   * the segment between them, so an event whose end was not noted is still on disk at the next start.
   */
  @Override
  public Future<Void> accept(CompletionEvent event) {
    String json = event.toJson().encode();
    results.info("{}", json);
    return vertx.executeBlocking(() -> {
      long id;
      synchronized (appendLock) {
        id = outbox.append(json.getBytes(StandardCharsets.UTF_8));
        try {
          sessions.ended(event.sessionId());
        } catch (IOException e) {
          log.error("session {}: its end could not be noted in the session log (its event is stored): {}",
              event.sessionId(), e.getMessage());
        }
      }
      refreshBacklog();
      return id;
    }).onSuccess(id -> send(id, event.sessionId(), json)).mapEmpty();
  }

  private void send(long id, String key, String json) {
    if (!inFlight.add(id)) {
      return;
    }
    JsonObject event = new JsonObject(json);
    KafkaProducerRecord<String, String> record = KafkaProducerRecord.create(topic, key, json)
        .addHeader("schema", String.valueOf(event.getInteger("schema")))
        .addHeader("mode", event.getString("mode"))
        .addHeader("status", event.getString("status"))
        .addHeader("eventId", event.getString("eventId"));
    long t0 = System.nanoTime();
    producer.send(record).onComplete(sent -> {
      if (sent.succeeded()) {
        latency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        published.increment();
        connected = true;
        lastAck = Instant.now();
        vertx.executeBlocking(() -> {
          outbox.acknowledge(id);
          refreshBacklog();
          return null;
        }).onComplete(acked -> {
          inFlight.remove(id);
          if (recoveredWaiting.remove(id)) {
            maybeReady();
          }
          if (acked.failed()) {
            log.error("outbox: could not record Kafka's acknowledgement of event {} (it may be sent again)", id, acked.cause());
          }
        });
      } else {
        inFlight.remove(id);
        failed.increment();
        if (connected || lastError == null) {
          log.warn("Kafka {} did not take completion event of session {}: {}; it waits in the outbox",
              bootstrap, key, sent.cause().getMessage());
        }
        connected = false;
        lastError = sent.cause().getMessage();
      }
    });
  }

  /** Offers every unacknowledged event that is not already on its way. */
  private void resend() {
    if (resending) {
      return;
    }
    resending = true;
    vertx.executeBlocking(() -> outbox.pending(RESEND_BATCH)).onComplete(pending -> {
      resending = false;
      if (pending.failed()) {
        log.error("outbox: could not read pending events", pending.cause());
        return;
      }
      for (Outbox.Pending p : pending.result()) {
        if (!inFlight.contains(p.id())) {
          String json = new String(p.payload(), StandardCharsets.UTF_8);
          send(p.id(), new JsonObject(json).getString("sessionId"), json);
        }
      }
    });
  }

  private void refreshBacklog() {
    boolean wasAccepting = accepting();
    backlogEvents = outbox.backlogEvents();
    backlogBytes = outbox.backlogBytes();
    if (wasAccepting && !accepting()) {
      log.error("RESULTS OUTBOX FULL: new sessions are refused: {}", refusal());
    } else if (!wasAccepting && accepting()) {
      log.info("results outbox below its bound again ({} events): new sessions are taken", backlogEvents);
    }
  }

  @Override
  public String describe() {
    return "results to Kafka " + bootstrap + " topic " + topic
        + (embedded == null ? "" : " (an embedded Kafka broker started in this process)");
  }

  @Override
  public boolean accepting() {
    return backlogEvents < maxEvents && backlogBytes < maxBytes;
  }

  @Override
  public String refusal() {
    return "the results outbox holds " + backlogEvents + " events (" + backlogBytes + " bytes) that Kafka " + bootstrap
        + " has not acknowledged, at its bound of " + maxEvents + " events or " + maxBytes + " bytes";
  }

  @Override
  public JsonObject health() {
    return new JsonObject()
        .put("ready", ready.future().succeeded())
        .put("kafka", new JsonObject().put("bootstrap", bootstrap).put("topic", topic).put("embedded", embedded != null)
            .put("embeddedRunning", embedded != null && embedded.succeeded())
            .put("connected", connected).put("lastAck", lastAck == null ? null : lastAck.toString())
            .put("lastError", lastError))
        .put("outbox", new JsonObject().put("events", backlogEvents).put("bytes", backlogBytes)
            .put("full", !accepting())
            .put("recovery", recovery));
  }

  /** Gives in-flight sends up to 5 s, then closes the producer, the outbox and the embedded broker. */
  @Override
  public Future<Void> close() {
    vertx.cancelTimer(timer);
    closing = true;
    vertx.cancelTimer(topicTimer);
    Promise<Void> drained = Promise.promise();
    awaitDrained(drained, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
    return drained.future().compose(v -> producer.close(5000)).recover(e -> Future.succeededFuture())
        .compose(v -> vertx.executeBlocking(() -> {
          try {
            sessions.close();
          } finally {
            outbox.close();
          }
          return null;
        }))
        .compose(v -> embedded == null ? Future.succeededFuture() : embedded.transform(started -> vertx.executeBlocking(() -> {
          if (started.succeeded()) {
            started.result().close();
          }
          return null;
        }))).onComplete(v -> log.info("results closed: {} event(s) remain in the outbox for the next start", backlogEvents))
        .mapEmpty();
  }

  private void awaitDrained(Promise<Void> drained, long deadline) {
    if (inFlight.isEmpty() || System.nanoTime() > deadline) {
      drained.complete();
    } else {
      vertx.setTimer(20, t -> awaitDrained(drained, deadline));
    }
  }

}
