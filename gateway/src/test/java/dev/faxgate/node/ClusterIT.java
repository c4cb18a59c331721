package dev.faxgate.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.interop.Faxpeer;
import dev.faxgate.results.EmbeddedKafka;
import dev.faxgate.results.KafkaTopic;
import dev.faxgate.results.NodeProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes ({@code java -jar faxgate.jar run}) clustered on loopback (Hazelcast TCP-IP
 * join, a shared secret, TLS on the event bus), one Kafka broker for the three. Everything goes through node 1's HTTP
 * API: two sessions asked for on node 1 itself, then two left to the placement, which puts them on
 * nodes 2 and 3 (the least loaded); a fax between two spandsp T.38 terminals runs through the first
 * (a t38-relay session), read through node 1 while it runs. The node holding the other one is
 * killed with SIGKILL mid-fax: node 1 goes on answering, the fax completes (both terminals OK, its
 * SUCCESS event in Kafka), requests about the dead node's session answer 503 NODE_GONE, and once
 * the dead node starts again on its data directory, its session's NODE_FAILED event arrives from
 * its outbox.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterIT {
  private static final String TOPIC = "faxgate.results";

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void threeNodesPlaceSessionsSurviveASigkillAndTheDeadNodesEventComesBackWithIt() throws Exception {
    Faxpeer.binary(); // skips (assumption) without faxpeer
    int kafkaPort = NodeProcess.freePort();
    List<NodeProcess> nodes = new ArrayList<>();
    List<Faxpeer.Running> terminals = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), "127.0.0.1", kafkaPort, NodeProcess.freePort())) {
      String bootstrap = "127.0.0.1:" + kafkaPort;
      String clusterName = "cluster-it-" + UUID.randomUUID();
      int[] hzPorts = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
      String members = "127.0.0.1:" + hzPorts[0] + ",127.0.0.1:" + hzPorts[1] + ",127.0.0.1:" + hzPorts[2];
      Path[] tls = ClusterProtectionTest.certificate(dir); // the event bus between the nodes is TLS both ways
      Map<String, Map<String, String>> env = new LinkedHashMap<>();
      for (int i = 0; i < 3; i++) {
        String id = "gw-" + (i + 1);
        Map<String, String> e = new HashMap<>();
        e.put("FAXGATE_CLUSTER_ENABLED", "true");
        e.put("FAXGATE_CLUSTER_NAME", clusterName);
        e.put("FAXGATE_CLUSTER_SECRET", "cluster-it-secret");
        e.put("FAXGATE_CLUSTER_HOST", "127.0.0.1");
        e.put("FAXGATE_CLUSTER_TLS_CERT", tls[0].toString());
        e.put("FAXGATE_CLUSTER_TLS_KEY", tls[1].toString());
        e.put("FAXGATE_CLUSTER_TLS_TRUST", tls[0].toString());
        e.put("FAXGATE_CLUSTER_PORT", Integer.toString(hzPorts[i]));
        e.put("FAXGATE_CLUSTER_MEMBERS", members);
        e.put("FAXGATE_KAFKA_BOOTSTRAP", bootstrap);
        e.put("FAXGATE_MEDIA_PORT_MIN", Integer.toString(50000 + 300 * i));
        e.put("FAXGATE_MEDIA_PORT_MAX", Integer.toString(50299 + 300 * i));
        e.put("FAXGATE_NODE_DRAIN_SECONDS", "1");
        e.put("FAXGATE_MEDIA_INSTANCES", "1");
        env.put(id, e);
        nodes.add(new NodeProcess(dir.resolve(id), id));
      }
      for (int i = 0; i < 3; i++) {
        nodes.get(i).start(env.get("gw-" + (i + 1)));
      }
      for (NodeProcess n : nodes) {
        n.awaitReady();
      }
      NodeProcess node1 = nodes.get(0);
      awaitNodes(node1, Map.of("gw-1", "UP", "gw-2", "UP", "gw-3", "UP"));

      // node 1 holds two sessions: the placement now prefers nodes 2 and 3
      for (int i = 0; i < 2; i++) {
        assertEquals("gw-1", create(node1, new JsonObject().put("mode", "gateway").put("node", "gw-1")).getString("node"));
      }
      Path document = dir.resolve("doc.tif");
      Faxpeer.Run made = Faxpeer.run(dir, "make-tiff", document.toString(), "--pages", "2");
      assertEquals(0, made.exit(), made.stderr());
      int senderPort = Faxpeer.freeEvenPort();
      int receiverPort = Faxpeer.freeEvenPort();
      JsonObject fax = create(node1, new JsonObject().put("mode", "t38-relay").put("legs", new JsonObject()
          .put("a", new JsonObject().put("udptl", "127.0.0.1:" + senderPort))
          .put("b", new JsonObject().put("udptl", "127.0.0.1:" + receiverPort))));
      JsonObject doomed = create(node1, new JsonObject().put("mode", "gateway"));
      String faxNode = fax.getString("node");
      String doomedNode = doomed.getString("node");
      assertEquals(Set.of("gw-2", "gw-3"), Set.of(faxNode, doomedNode), "placed on the two idle nodes: " + fax + " " + doomed);
      String faxId = fax.getString("sessionId");
      String doomedId = doomed.getString("sessionId");
      assertTrue(faxId.startsWith(faxNode + "."), "a session id names its node: " + faxId);

      JsonObject list = json(send(node1, "GET", "/sessions", null), 200);
      assertEquals(4, list.getJsonArray("sessions").size(), "the cluster's sessions, not node 1's: " + list.encode());
      assertTrue(list.getJsonArray("sessions").stream().map(o -> (JsonObject) o)
          .anyMatch(s -> s.getString("sessionId").equals(doomedId) && s.getString("node").equals(doomedNode)), list.encode());

      JsonObject legs = fax.getJsonObject("legs");
      terminals.add(Faxpeer.launch(dir, 180, "t38-recv", "--local", "127.0.0.1:" + receiverPort, "--remote",
          legs.getJsonObject("b").getString("local"), "--out", dir.resolve("received.tif").toString()));
      terminals.add(Faxpeer.launch(dir, 180, "t38-send", "--local", "127.0.0.1:" + senderPort, "--remote",
          legs.getJsonObject("a").getString("local"), "--tiff", document.toString(), "--timeout", "120"));
      // the fax's FAXOPT, live, through node 1: the DCS has passed
      awaitItem(node1, faxId, "rate", "14400");

      NodeProcess killed = nodes.get(Integer.parseInt(doomedNode.substring(3)) - 1);
      killed.kill();
      long killedAt = System.nanoTime();

      assertEquals(200, send(node1, "GET", "/health", null).statusCode(), "node 1 answers on");
      // the first request after the kill already answers NODE_GONE: a failure the bus gives for a dead
      // node (connection refused, no handler) is not taken for the session's own answer
      HttpResponse<String> gone = send(node1, "GET", "/sessions/" + doomedId, null);
      long goneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
      JsonObject goneBody = json(gone, 503);
      assertEquals("NODE_GONE", goneBody.getString("error"), goneBody.encode());
      assertTrue(goneBody.getString("message").contains(doomedNode), goneBody.encode());
      assertEquals("NODE_GONE", json(send(node1, "GET", "/sessions/" + doomedId + "/faxopt/rate", null), 503).getString("error"));
      assertEquals("NODE_GONE", json(send(node1, "PUT", "/sessions/" + doomedId + "/faxopt/ecm", "no"), 503).getString("error"));
      assertEquals("NODE_GONE", json(send(node1, "POST", "/sessions",
          new JsonObject().put("mode", "gateway").put("node", doomedNode).encode()), 503).getString("error"));
      JsonObject placedAfter = create(node1, new JsonObject().put("mode", "gateway"));
      assertNotEquals(doomedNode, placedAfter.getString("node"), "no placement on a gone node");
      JsonObject listAfter = json(send(node1, "GET", "/sessions", null), 200);
      assertEquals("GONE", nodeState(listAfter, doomedNode), listAfter.encode());
      assertTrue(listAfter.getJsonArray("sessions").stream().map(o -> (JsonObject) o)
          .anyMatch(s -> s.getString("sessionId").equals(faxId)), "the live nodes' sessions still listed: " + listAfter.encode());

      // the fax on the surviving node runs to its end
      for (Faxpeer.Running t : terminals) {
        Faxpeer.Run run = t.result().get(150, TimeUnit.SECONDS);
        assertEquals("OK", run.result().getString("status"), "the fax on " + faxNode + " completes: " + run.result()
            + "\n" + run.stderr());
      }
      JsonObject faxEvent = event(bootstrap, faxId);
      assertEquals("SUCCESS", faxEvent.getString("status"), faxEvent.encode());
      assertEquals(faxNode, faxEvent.getString("node"), faxEvent.encode());
      assertEquals(2, faxEvent.getInteger("pages"), faxEvent.encode());

      // the dead node returns on its data directory: its session's event comes from its outbox
      killed.start(env.get(doomedNode)).awaitReady();
      JsonObject doomedEvent = event(bootstrap, doomedId);
      assertEquals("FAILED", doomedEvent.getString("status"), doomedEvent.encode());
      assertEquals("NODE_FAILED", doomedEvent.getString("error"), doomedEvent.encode());
      assertEquals(doomedNode, doomedEvent.getString("node"), doomedEvent.encode());
      awaitNodes(node1, Map.of(doomedNode, "UP"));
      JsonObject after = json(send(node1, "GET", "/sessions/" + doomedId, null), 404);
      assertEquals("NO_SUCH_SESSION", after.getString("error"), "back, without that session: " + after.encode());

      System.out.println("ClusterIT: placed the fax on " + faxNode + " and the other session on " + doomedNode
          + "; SIGKILL of " + doomedNode + " mid-fax: the first request about its session answered NODE_GONE " + goneMs
          + " ms after the kill, the fax ended " + faxEvent.getString("status") + " with " + faxEvent.getInteger("pages")
          + " pages, " + doomedNode + "'s event after its restart: " + doomedEvent.getString("error"));
      for (NodeProcess n : nodes) {
        n.stop();
      }
    } finally {
      for (NodeProcess n : nodes) {
        n.destroy();
      }
      for (Faxpeer.Running t : terminals) {
        t.process().toHandle().destroyForcibly();
      }
    }
  }

  /** Waits (up to 30 s) until node 1's list shows each named node in the given state. */
  private void awaitNodes(NodeProcess node, Map<String, String> states) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonObject list = null;
    while (System.nanoTime() < deadline) {
      list = json(send(node, "GET", "/sessions", null), 200);
      JsonObject seen = list;
      if (states.entrySet().stream().allMatch(e -> e.getValue().equals(nodeState(seen, e.getKey())))) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the nodes never reached " + states + ": " + (list == null ? null : list.encode()));
  }

  private static String nodeState(JsonObject list, String node) {
    JsonArray nodes = list.getJsonArray("nodes");
    return nodes.stream().map(o -> (JsonObject) o).filter(n -> node.equals(n.getString("node")))
        .map(n -> n.getString("state")).findFirst().orElse(null);
  }

  private static JsonObject event(String bootstrap, String sessionId) {
    Map<String, ConsumerRecord<String, String>> got = KafkaTopic.readUntil(bootstrap, TOPIC, Duration.ofSeconds(60),
        m -> m.containsKey(sessionId));
    ConsumerRecord<String, String> record = got.get(sessionId);
    assertNotNull(record, "no completion event on Kafka for " + sessionId);
    return new JsonObject(record.value());
  }

  private void awaitItem(NodeProcess node, String id, String item, String value) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String read = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = send(node, "GET", "/sessions/" + id + "/faxopt/" + item, null);
      read = new JsonObject(r.body()).getString("value");
      if (value.equals(read)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(item + " never read " + value + " (last: " + read + ")");
  }

  private JsonObject create(NodeProcess node, JsonObject body) throws Exception {
    return json(send(node, "POST", "/sessions", body.encode()), 201);
  }

  private static JsonObject json(HttpResponse<String> r, int status) {
    assertEquals(status, r.statusCode(), r.request().method() + " " + r.uri() + ": " + r.body());
    return new JsonObject(r.body());
  }

  private HttpResponse<String> send(NodeProcess node, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.http() + path)).timeout(Duration.ofSeconds(30));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
