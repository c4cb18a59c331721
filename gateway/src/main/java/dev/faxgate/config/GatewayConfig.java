package dev.faxgate.config;

import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.FaxOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The node's configuration: {@link ConfigKey} defaults, then one file (JSON, or YAML when it ends
 * in .yaml/.yml), then environment overrides. Unknown keys and bad values stop the start with a
 * message that names the key and where it came from.
 */
public final class GatewayConfig {
  /** Config keys under this prefix are Kafka client properties, not {@link ConfigKey}s. */
  public static final String KAFKA_PROPERTIES = "kafka.properties.";
  private static final String KAFKA_PROPERTIES_ENV = "FAXGATE_KAFKA_PROPERTIES_";
  /** What the node's own wiring sets and an operator's property must not replace. */
  private static final Set<String> OWN_KAFKA_PROPERTIES = Set.of("bootstrap.servers", "key.serializer",
      "value.serializer", "enable.idempotence", "acks");
  private final Map<String, String> values;
  private final FaxOptions faxOptDefaults;

  private GatewayConfig(Map<String, String> values) {
    this.values = values;
    JsonObject faxopt = new JsonObject();
    values.forEach((key, value) -> {
      if (key.startsWith(ConfigKey.FAXOPT_PREFIX)) {
        faxopt.put(key.substring(ConfigKey.FAXOPT_PREFIX.length()), value);
      }
    });
    try {
      this.faxOptDefaults = new FaxOptions(faxopt);
    } catch (FaxOptException e) {
      throw new ConfigException("FAXOPT defaults: " + e.getMessage());
    }
  }

  /** The defaults alone. */
  public static GatewayConfig defaults() {
    return load(null, Map.of());
  }

  /**
   * Loads the configuration.
   *
   * @param file a JSON or YAML file, or null
   * @param env the environment (System.getenv() in production)
   * @throws ConfigException on an unreadable file, an unknown key or a bad value
   */
  public static GatewayConfig load(Path file, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ConfigKey key : ConfigKey.ALL) {
      values.put(key.name(), key.defaultValue());
    }
    if (file != null) {
      flatten("", readFile(file), values, file.toString());
    }
    for (ConfigKey key : ConfigKey.ALL) {
      String v = env.get(key.envName());
      if (v != null) {
        values.put(key.name(), v);
      }
    }
    env.forEach((name, v) -> {
      if (name.startsWith(KAFKA_PROPERTIES_ENV)) {
        // Kafka's client property names are lower case words joined by dots, never underscores
        putKafkaProperty(values, name.substring(KAFKA_PROPERTIES_ENV.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
            v, "env " + name);
      }
    });
    for (ConfigKey key : ConfigKey.ALL) {
      check(key, values.get(key.name()));
    }
    return new GatewayConfig(values);
  }

  /** Overrides one key (tests, the CLI). */
  public GatewayConfig with(ConfigKey key, String value) {
    check(key, value);
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key.name(), value);
    return new GatewayConfig(copy);
  }

  private static Map<String, Object> readFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        if (doc == null) {
          return Map.of();
        }
        if (!(doc instanceof Map<?, ?> map)) {
          throw new ConfigException("config file " + file + " must hold a mapping of keys");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) map;
        return m;
      }
      return new JsonObject(text).getMap();
    } catch (DecodeException | org.yaml.snakeyaml.error.YAMLException | ClassCastException e) {
      throw new ConfigException("config file " + file + " is not valid " + (name.endsWith("json") ? "JSON" : "YAML/JSON")
          + ": " + e.getMessage());
    }
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> into, String source) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      Object v = e.getValue();
      if (v instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, into, source);
      } else if (v instanceof JsonObject nested) {
        flatten(key + ".", nested.getMap(), into, source);
      } else if (key.startsWith(KAFKA_PROPERTIES) && v != null && !(v instanceof Iterable<?>)) {
        putKafkaProperty(into, key.substring(KAFKA_PROPERTIES.length()), String.valueOf(v), source);
      } else if (!into.containsKey(key)) {
        throw new ConfigException("unknown config key '" + key + "' in " + source + "; see README's configuration table");
      } else if (v == null || v instanceof List<?> || v instanceof Iterable<?>) {
        throw new ConfigException("config key '" + key + "' in " + source + " must be a single value");
      } else {
        into.put(key, String.valueOf(v));
      }
    }
  }

  private static void putKafkaProperty(Map<String, String> into, String property, String value, String source) {
    if (!property.matches("[a-z0-9]+(\\.[a-z0-9]+)*")) {
      throw new ConfigException("'" + KAFKA_PROPERTIES + property + "' in " + source + " is not a Kafka client property name");
    }
    if (OWN_KAFKA_PROPERTIES.contains(property)) {
      throw new ConfigException("'" + KAFKA_PROPERTIES + property + "' in " + source + " cannot be set: Faxgate sets it"
          + (property.equals("bootstrap.servers") ? " from kafka.bootstrap" : ""));
    }
    into.put(KAFKA_PROPERTIES + property, value);
  }

  private static void check(ConfigKey key, String value) {
    String v = value.trim();
    boolean ok = switch (key.type()) {
      case STRING -> true;
      case NUMBER -> v.matches("[0-9]{1,9}");
      case PORT -> v.matches("[0-9]{1,5}") && Integer.parseInt(v) <= 65535;
      case BOOLEAN -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false");
    };
    if (!ok) {
      throw new ConfigException("config key '" + key.name() + "' (env " + key.envName() + ") has the bad value '" + value
          + "'; expected " + key.type().name().toLowerCase(Locale.ROOT));
    }
  }

  public String get(ConfigKey key) {
    return values.get(key.name()).trim();
  }

  public int getInt(ConfigKey key) {
    return Integer.parseInt(get(key));
  }

  public boolean getBoolean(ConfigKey key) {
    return Boolean.parseBoolean(get(key));
  }

  /** The node id: node.id, or the host name. */
  public String nodeId() {
    String id = get(ConfigKey.NODE_ID);
    if (!id.isEmpty()) {
      return id;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "faxgate";
    }
  }

  /**
   * The Kafka client properties given as {@code kafka.properties.<name>} (env
   * {@code FAXGATE_KAFKA_PROPERTIES_<NAME>}, dots as underscores): security.protocol, ssl.*, sasl.*
   * and any producer tuning, passed to the node's Kafka clients as they are.
   */
  public Map<String, String> kafkaProperties() {
    Map<String, String> out = new TreeMap<>();
    values.forEach((key, value) -> {
      if (key.startsWith(KAFKA_PROPERTIES)) {
        out.put(key.substring(KAFKA_PROPERTIES.length()), value);
      }
    });
    return out;
  }

  /** Adds one Kafka client property (tests, the CLI). */
  public GatewayConfig withKafkaProperty(String property, String value) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    putKafkaProperty(copy, property, value, "withKafkaProperty");
    return new GatewayConfig(copy);
  }

  /** The FAXOPT values a new session starts with. */
  public FaxOptions faxOptDefaults() {
    return new FaxOptions(faxOptDefaults);
  }

  /** A refused configuration. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message, null, false, false);
    }
  }
}
