package dev.faxgate.results;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning with a plain Kafka consumer, as a consumer of fax results would. */
public final class KafkaTopic {
  private KafkaTopic() {}

  /** Every record of {@code topic} until {@code done} holds for the records read, or {@code timeout} passes. */
  public static Map<String, ConsumerRecord<String, String>> readUntil(String bootstrap, String topic, Duration timeout,
      Predicate<Map<String, ConsumerRecord<String, String>>> done) {
    return readUntil(bootstrap, Map.of(), topic, timeout, done);
  }

  /** The same through a broker that wants TLS or SASL: {@code security} holds the client's properties for it. */
  public static Map<String, ConsumerRecord<String, String>> readUntil(String bootstrap, Map<String, String> security,
      String topic, Duration timeout, Predicate<Map<String, ConsumerRecord<String, String>>> done) {
    Properties p = new Properties();
    p.putAll(security);
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "faxgate-test-" + UUID.randomUUID());
    p.put("auto.offset.reset", "earliest");
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", StringDeserializer.class.getName());
    Map<String, ConsumerRecord<String, String>> byKey = new HashMap<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(byKey) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          byKey.put(r.key(), r);
        }
      }
    }
    return byKey;
  }

  public static String header(ConsumerRecord<?, ?> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
