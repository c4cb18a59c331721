package dev.faxgate.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.hazelcast.config.Config;
import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.BusAddresses;
import dev.faxgate.faxopt.CompletionEvent;
import dev.faxgate.faxopt.FaxOptClient;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.FaxStatus;
import dev.faxgate.faxopt.SessionInfo;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.faxopt.SessionOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A controller on a second Vert.x instance, joined to the gateway node through a Hazelcast cluster
 * on loopback, talks to sessions only through FaxOptClient and the bus addresses.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusteredControllerTest {
  private static TestNode gateway;
  private static Vertx controller;
  private static FaxOptClient client;

  @BeforeAll
  static void cluster() throws Exception {
    String clusterName = "faxgate-test-" + UUID.randomUUID();
    gateway = TestNode.start(GatewayConfig.defaults().with(ConfigKey.CLUSTER_ENABLED, "true")
        .with(ConfigKey.CLUSTER_NAME, clusterName).with(ConfigKey.NODE_ID, "gw-1"));
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName(clusterName);
    controller = Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(
            new EventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1").setPort(0)))
        .withClusterManager(new HazelcastClusterManager(hz))
        .buildClustered().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    client = new FaxOptClient(controller, 10_000);
  }

  @AfterAll
  static void stop() throws Exception {
    if (controller != null) {
      controller.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aControllerOnAnotherInstanceRunsASession() throws Exception {
    BlockingQueue<JsonObject> results = new LinkedBlockingQueue<>();
    await(controller.eventBus().<JsonObject>consumer(BusAddresses.RESULTS, m -> results.add(m.body())).completion());

    SessionInfo info = await(client.create(new SessionOptions().setMode(SessionMode.GATEWAY).putFaxopt("maxrate", "9600")));
    assertEquals("gw-1", info.node());
    String id = info.sessionId();
    assertEquals("9600", await(client.get(id, "maxrate")));
    assertEquals("V17,V29", await(client.set(id, "modem", "v17,v29")));
    assertEquals("yes", await(client.set(id, "negotiate_both", "yes")));
    assertEquals("yes", await(client.get(id, "negotiate_both")));
    assertEquals(20, await(client.getAll(id)).size());
    FaxOptException readOnly = assertInstanceOf(FaxOptException.class,
        assertThrows(() -> await(client.set(id, "pages", "1"))));
    assertEquals(FaxOptError.READ_ONLY, readOnly.error());

    CompletionEvent event = await(client.end(id));
    assertEquals(FaxStatus.FAILED, event.status());
    JsonObject published = results.poll(30, TimeUnit.SECONDS);
    assertEquals(event.toJson(), published);
    assertEquals(List.of(event), gateway.results);
  }

  @Test
  void anUnknownSessionFailsAcrossTheCluster() throws Exception {
    FaxOptException e = assertInstanceOf(FaxOptException.class, assertThrows(() -> await(client.get("nobody", "rate"))));
    assertEquals(FaxOptError.NO_SUCH_SESSION, e.error());
    e = assertInstanceOf(FaxOptException.class, assertThrows(() -> await(client.describe("nobody"))));
    assertEquals(FaxOptError.NO_SUCH_SESSION, e.error());
  }

  private static Throwable assertThrows(org.junit.jupiter.api.function.Executable call) {
    ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, call);
    return e.getCause();
  }
}
