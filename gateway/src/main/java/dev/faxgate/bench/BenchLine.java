package dev.faxgate.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One measured item as one line of JSON, fields in the order they were put: what {@code faxgate
 * bench-media} prints on stdout, one line per item, so that a run can be piped into {@code jq}
 * or appended to a results file. Plain Java (no JSON library), so that the in-memory benchmarks
 * stay free of Vert.x; values are strings, whole numbers, decimals (rounded for reading, not
 * for precision), booleans, lists of strings and nested lines.
 */
public final class BenchLine {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  private BenchLine() {
  }

  /** A line for {@code item}; {@link #stamp()} adds the JVM and processor count it ran on. */
  public static BenchLine item(String item) {
    return new BenchLine().put("item", item);
  }

  /** A nested object (no stamp). */
  public static BenchLine object() {
    return new BenchLine();
  }

  /** Adds the {@code jvm} and {@code cores} fields. */
  public BenchLine stamp() {
    return put("jvm", System.getProperty("java.version")).put("cores", Runtime.getRuntime().availableProcessors());
  }

  public BenchLine put(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  /** The value put under {@code name}, or null. */
  public Object get(String name) {
    return fields.get(name);
  }

  /** The line, without a line break. */
  public String toJson() {
    StringBuilder sb = new StringBuilder(256);
    write(sb, this);
    return sb.toString();
  }

  @Override
  public String toString() {
    return toJson();
  }

  private static void write(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof BenchLine line) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : line.fields.entrySet()) {
        sb.append(first ? "" : ",");
        first = false;
        string(sb, e.getKey());
        sb.append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof List<?> list) {
      sb.append('[');
      for (int i = 0; i < list.size(); i++) {
        sb.append(i == 0 ? "" : ",");
        write(sb, list.get(i));
      }
      sb.append(']');
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        sb.append("null");
      } else {
        sb.append(decimal(d));
      }
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else {
      string(sb, v.toString());
    }
  }

  /** Three decimals below 10, one below 1000, none above: figures to read, not to compare bit for bit. */
  private static String decimal(double d) {
    double a = Math.abs(d);
    return a >= 1000 ? String.format(Locale.ROOT, "%.0f", d)
        : a >= 10 ? String.format(Locale.ROOT, "%.1f", d) : String.format(Locale.ROOT, "%.3f", d);
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
