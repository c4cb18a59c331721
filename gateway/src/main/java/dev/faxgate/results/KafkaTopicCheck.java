package dev.faxgate.results;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Whether completion events can be written: the broker answers and the topic exists with a leader
 * for every partition. Blocking (a few seconds at most): call it from a worker.
 */
final class KafkaTopicCheck {
  private static final long TIMEOUT_MS = 5000;

  /**
   * What the check found.
   *
   * @param ok events can be written
   * @param missing the broker answers but has no such topic
   * @param problem what stands in the way, in words (null when ok)
   */
  record Result(boolean ok, boolean missing, String problem) {
    static final Result OK = new Result(true, false, null);
  }

  private KafkaTopicCheck() {}

  /**
   * The properties of {@code clientProperties} every Kafka client needs to reach the broker (TLS,
   * SASL); producer tuning stays out, which an admin client would only warn about.
   */
  static Map<String, String> securityOf(Map<String, String> clientProperties) {
    Map<String, String> out = new TreeMap<>();
    clientProperties.forEach((k, v) -> {
      if (k.startsWith("security.") || k.startsWith("ssl.") || k.startsWith("sasl.")) {
        out.put(k, v);
      }
    });
    return out;
  }

  /**
   * Checks {@code topic} on {@code bootstrap}; with {@code createPartitions > 0} a missing topic is
   * created with that many partitions (replication 1: the node's own broker).
   */
  static Result check(String bootstrap, Map<String, String> security, String topic, int createPartitions) {
    Properties p = new Properties();
    p.putAll(security);
    p.put("bootstrap.servers", bootstrap);
    p.put("client.id", "faxgate-topic-check");
    p.put("request.timeout.ms", Long.toString(TIMEOUT_MS));
    p.put("default.api.timeout.ms", Long.toString(TIMEOUT_MS));
    p.put("reconnect.backoff.max.ms", "1000");
    Admin admin = Admin.create(p);
    try {
      try {
        admin.describeCluster().nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        return new Result(false, false, "Kafka " + bootstrap + " does not answer (" + cause(e) + ")");
      }
      TopicDescription topicDescription;
      try {
        topicDescription = admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .get(topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          return new Result(false, false, "topic " + topic + " on Kafka " + bootstrap + " cannot be described (" + cause(e) + ")");
        }
        if (createPartitions <= 0) {
          return new Result(false, true, "topic " + topic + " does not exist on Kafka " + bootstrap
              + " (create it, e.g. kafka-topics.sh --bootstrap-server " + bootstrap + " --create --topic " + topic + ")");
        }
        try {
          admin.createTopics(List.of(new NewTopic(topic, createPartitions, (short) 1))).all()
              .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException created) {
          if (!(created.getCause() instanceof TopicExistsException)) {
            return new Result(false, true, "topic " + topic + " could not be created on Kafka " + bootstrap + " ("
                + cause(created) + ")");
          }
        } catch (TimeoutException created) {
          return new Result(false, true, "topic " + topic + " is not created yet on Kafka " + bootstrap);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (System.nanoTime() < deadline) { // a new topic has its leaders within moments
          try {
            if (led(admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .get(topic))) {
              return Result.OK;
            }
          } catch (ExecutionException | TimeoutException notYet) {
            // the metadata has not reached the broker yet
          }
          Thread.sleep(50);
        }
        return new Result(false, true, "topic " + topic + " was just created on Kafka " + bootstrap
            + "; waiting for its partitions' leaders");
      } catch (TimeoutException e) {
        return new Result(false, false, "Kafka " + bootstrap + " did not describe topic " + topic + " in time");
      }
      return led(topicDescription) ? Result.OK : new Result(false, false, "topic " + topic + " on Kafka " + bootstrap
          + " has partitions without a leader yet");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, false, "interrupted");
    } catch (RuntimeException e) {
      return new Result(false, false, "Kafka " + bootstrap + ": " + e.getMessage());
    } finally {
      // bounded: a plain close waits for the client's pending calls without limit (seen to hold a
      // restarting node's ready line for over 80 s on a loaded machine)
      admin.close(Duration.ofMillis(TIMEOUT_MS));
    }
  }

  private static boolean led(TopicDescription d) {
    return d != null && d.partitions().stream().allMatch(t -> t.leader() != null && !t.leader().isEmpty());
  }

  private static String cause(Exception e) {
    Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }
}
