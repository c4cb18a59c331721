package dev.faxgate.deploy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped deploy/ files as the tests read them: the Grafana dashboards with every PromQL
 * expression of their panels, the alert rules, and the PromQL helpers (Grafana's variables
 * substituted, metric names picked out of an expression).
 */
final class DeployFiles {
  private DeployFiles() {}

  /** The repository root: failsafe passes it; surefire runs in gateway/. */
  static Path root() {
    return Path.of(System.getProperty("faxgate.root", "..")).toAbsolutePath().normalize();
  }

  static Path deploy(String first, String... more) {
    return root().resolve("deploy").resolve(Path.of(first, more));
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every dashboard JSON of deploy/grafana/dashboards, by file name. */
  static Map<String, JsonObject> dashboards() {
    Map<String, JsonObject> all = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(deploy("grafana", "dashboards"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        all.put(f.getFileName().toString(), new JsonObject(read(f)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  /** One PromQL expression of a dashboard panel. */
  record PanelQuery(String dashboard, String panel, String refId, String expr) {
    @Override
    public String toString() {
      return dashboard + " / " + panel + " / " + refId + ": " + expr;
    }
  }

  /** Panels of a dashboard, those nested in collapsed rows included. */
  static List<JsonObject> panels(JsonObject dashboard) {
    List<JsonObject> out = new ArrayList<>();
    for (Object o : dashboard.getJsonArray("panels", new JsonArray())) {
      JsonObject p = (JsonObject) o;
      out.add(p);
      for (Object nested : p.getJsonArray("panels", new JsonArray())) {
        out.add((JsonObject) nested);
      }
    }
    return out;
  }

  static List<PanelQuery> panelQueries() {
    List<PanelQuery> all = new ArrayList<>();
    dashboards().forEach((file, d) -> {
      for (JsonObject p : panels(d)) {
        for (Object t : p.getJsonArray("targets", new JsonArray())) {
          JsonObject target = (JsonObject) t;
          all.add(new PanelQuery(file, p.getString("title"), target.getString("refId"), target.getString("expr")));
        }
      }
    });
    return all;
  }

  /** The rules of deploy/prometheus/rules.yml: name (alert or record) to expression. */
  @SuppressWarnings("unchecked")
  static Map<String, String> ruleExpressions() {
    Map<String, Object> doc = new Yaml().load(read(deploy("prometheus", "rules.yml")));
    Map<String, String> rules = new LinkedHashMap<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        String name = (String) (rule.containsKey("alert") ? rule.get("alert") : rule.get("record"));
        rules.put(name, String.valueOf(rule.get("expr")));
      }
    }
    return rules;
  }

  /** Grafana's query variables' queries (label_values(...) and the like), by dashboard file. */
  static List<String> variableQueries(JsonObject dashboard) {
    List<String> out = new ArrayList<>();
    for (Object o : dashboard.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray())) {
      JsonObject v = (JsonObject) o;
      if ("query".equals(v.getString("type"))) {
        Object q = v.getValue("query");
        out.add(q instanceof JsonObject j ? j.getString("query") : String.valueOf(q));
      }
    }
    return out;
  }

  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?\\}|\\[\\[(\\w+)]]|\\$(\\w+)");

  /**
   * {@code expr} as Grafana sends it to Prometheus: its global variables ($__rate_interval,
   * $__interval, $__range, ...) replaced by {@code window}, and the dashboard's own variables by their
   * "all" value ({@code .*} for a regex matcher).
   */
  static String substitute(String expr, String window, long windowSeconds) {
    Matcher m = GRAFANA_VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String value = switch (name) {
        case "__rate_interval", "__interval", "__range", "__auto" -> window;
        case "__range_s", "__interval_s" -> Long.toString(windowSeconds);
        case "__range_ms", "__interval_ms" -> Long.toString(windowSeconds * 1000);
        default -> name.startsWith("__") ? window : ".*";
      };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.$])[a-zA-Z_:][\\w:]*");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
      "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");

  /** The metric names an expression (PromQL, or Grafana's label_values(metric, label)) reads. */
  static Set<String> metricNames(String expr) {
    Set<String> names = new LinkedHashSet<>();
    Matcher lv = LABEL_VALUES.matcher(expr);
    if (lv.find()) {
      names.add(lv.group(1));
      return names;
    }
    String s = STRING.matcher(expr).replaceAll("\"\"");
    s = MATCHERS.matcher(s).replaceAll(" ");
    s = RANGE.matcher(s).replaceAll(" ");
    s = GROUPING.matcher(s).replaceAll(" ");
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String id = m.group();
      int after = m.end();
      while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
        after++;
      }
      boolean call = after < s.length() && s.charAt(after) == '(';
      if (!call && !KEYWORDS.contains(id)) {
        names.add(id);
      }
    }
    return names;
  }
}
