package dev.faxgate.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faxgate.config.ConfigKey;
import dev.faxgate.config.GatewayConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code node.event_loops}: a node on one event loop serves its API (the config refuses a negative count, as every number). */
class NodeEventLoopsTest {

  @Test
  void aNodeOnOneEventLoopServesItsApi() throws Exception {
    try (TestNode node = TestNode.start(GatewayConfig.defaults().with(ConfigKey.NODE_EVENT_LOOPS, "1"))) {
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(node.baseUrl() + "/health")).timeout(java.time.Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), health.body());
    }
  }
}
