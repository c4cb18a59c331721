package dev.faxgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import dev.faxgate.node.TestNode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many controllers at once against one node: creates (media sessions on two media pairs, and
 * FAXOPT holders without media), ends, lists and describes overlap, while the media plane opens
 * and closes sockets on its own threads. Every request must answer, no session may be lost, and
 * the active count must be exact at every quiet point.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionConcurrencyTest {
  private static final int ROUNDS = 20;
  private static final int MEDIA_PER_ROUND = 16;
  private static final int HOLDERS_PER_ROUND = 8;
  /** Controllers that list over and over while a round's creates and ends are under way. */
  private static final int LISTERS = 4;
  /** Sessions alive throughout, so that every list call walks a long registry while others change it. */
  private static final int BACKGROUND = 150;

  private TestNode node;
  private FaxOptClient client;
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.MEDIA_PORT_MIN, "46000")
        .with(ConfigKey.MEDIA_PORT_MAX, "46999").with(ConfigKey.MEDIA_INSTANCES, "2")
        .with(ConfigKey.SESSIONS_RETAIN_ENDED_SECONDS, "0"));
    client = new FaxOptClient(node.node.vertx(), 10_000);
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  @Test
  void createEndListAndDescribeFromManyClientsLoseNothing() throws Exception {
    Set<String> created = new HashSet<>();
    Set<String> endedIds = new HashSet<>();
    List<String> live = new ArrayList<>();
    List<Future<SessionInfo>> background = new ArrayList<>();
    for (int i = 0; i < BACKGROUND; i++) {
      background.add(watch("create background", client.create(new SessionOptions().setMode(SessionMode.GATEWAY))));
    }
    Future.join(background).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertTrue(failures.isEmpty(), failures.toString());
    List<String> steady = new ArrayList<>();
    background.forEach(b -> steady.add(b.result().sessionId()));
    created.addAll(steady);
    for (int round = 0; round < ROUNDS; round++) {
      List<Future<?>> all = new ArrayList<>();
      List<Future<SessionInfo>> creates = new ArrayList<>();
      for (int i = 0; i < MEDIA_PER_ROUND; i++) {
        creates.add(watch("create media", client.create(mediaSession(round, i))));
      }
      for (int i = 0; i < HOLDERS_PER_ROUND; i++) {
        creates.add(watch("create holder", client.create(new SessionOptions().setMode(SessionMode.GATEWAY))));
      }
      // the previous round's sessions end while this round's open; everybody lists and describes meanwhile
      List<Future<CompletionEvent>> ends = new ArrayList<>();
      for (String id : live) {
        all.add(watch("describe", client.describe(id)));
        ends.add(watch("end", client.end(id)));
      }
      all.addAll(creates);
      all.addAll(ends);
      Future<?> roundDone = Future.join(new ArrayList<>(all));
      for (int i = 0; i < LISTERS; i++) {
        all.add(keepListing(roundDone));
      }
      Future.join(all).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertTrue(failures.isEmpty(), "round " + round + ": " + failures);
      for (Future<CompletionEvent> end : ends) {
        endedIds.add(end.result().sessionId());
      }
      live.clear();
      for (Future<SessionInfo> c : creates) {
        live.add(c.result().sessionId());
        created.add(c.result().sessionId());
      }
      assertEquals(BACKGROUND + live.size(), activeOnTheManagersThread(), "active sessions after round " + round);
    }
    live.addAll(steady);
    for (String id : live) {
      endedIds.add(client.end(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).sessionId());
    }
    assertEquals(BACKGROUND + (MEDIA_PER_ROUND + HOLDERS_PER_ROUND) * ROUNDS, created.size(), "distinct sessions created");
    assertEquals(created, endedIds, "every created session ended, once");
    assertEquals(0, activeOnTheManagersThread(), "active sessions at the end");
    Set<String> results = new HashSet<>();
    node.results.forEach(e -> results.add(e.sessionId()));
    assertEquals(created, results, "one completion event per session");
    assertEquals(created.size(), node.results.size(), "no session has two completion events");
    assertEquals(0, node.node.media().portsInUse(), "media ports still held");
    assertEquals(List.of(), client.list().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS),
        "sessions still listed");
  }

  /** A relay between two far ends that never send: its sockets open and close, nothing more. */
  private static SessionOptions mediaSession(int round, int i) {
    SessionMode mode = i % 2 == 0 ? SessionMode.AUDIO_RELAY : SessionMode.T38_RELAY;
    int port = 30_000 + (round * MEDIA_PER_ROUND + i) * 4;
    LegOptions a = mode == SessionMode.AUDIO_RELAY ? new LegOptions().setRtp("127.0.0.1:" + port)
        : new LegOptions().setUdptl("127.0.0.1:" + port);
    LegOptions b = mode == SessionMode.AUDIO_RELAY ? new LegOptions().setRtp("127.0.0.1:" + (port + 2))
        : new LegOptions().setUdptl("127.0.0.1:" + (port + 2));
    return new SessionOptions().setMode(mode).setLeg("a", a).setLeg("b", b);
  }

  /** Lists again as soon as each answer comes, until {@code until} completes. */
  private Future<Void> keepListing(Future<?> until) {
    return watch("list", client.list()).transform(r -> until.isComplete() ? Future.succeededFuture() : keepListing(until));
  }

  /** The active count as the session manager sees it, read on its own thread through a list call's ordering. */
  private int activeOnTheManagersThread() throws Exception {
    client.list().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS); // every earlier change is done
    return node.node.activeSessions();
  }

  private <T> Future<T> watch(String what, Future<T> request) {
    return request.onFailure(e -> failures.add(what + ": " + e.getMessage()));
  }
}
