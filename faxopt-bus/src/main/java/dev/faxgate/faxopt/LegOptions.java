package dev.faxgate.faxopt;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Objects;

/**
 * One leg of a session: where its far end is (when known) and how it speaks.
 *
 * <p>JSON: {@code {"rtp":"127.0.0.1:4000","law":"ulaw","latch":false}} for an audio leg,
 * {@code {"udptl":"127.0.0.1:5000"}} for a T.38 leg. Addresses are {@code host:port} (IPv6 as
 * {@code [addr]:port}). {@code local} fixes the local address the leg binds; without it the node
 * picks a port from its media range. A leg without a far address must latch: it then sends to
 * the first source it hears and accepts only that source.
 */
public final class LegOptions {
  /** G.711 companding of an audio leg. */
  public enum Law {
    ULAW,
    ALAW;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Law fromWireName(String name) {
      for (Law l : values()) {
        if (l.wireName().equalsIgnoreCase(name)) {
          return l;
        }
      }
      throw new FaxOptException(FaxOptError.INVALID_VALUE, "unknown law '" + name + "'; accepted: ulaw, alaw");
    }
  }

  public static final Law DEFAULT_LAW = Law.ULAW;
  private static final java.util.List<String> FIELDS = java.util.List.of("rtp", "udptl", "local", "law", "latch");
  public static final boolean DEFAULT_LATCH = false;

  private String rtp;
  private String udptl;
  private String local;
  private Law law = DEFAULT_LAW;
  private boolean latch = DEFAULT_LATCH;

  public LegOptions() {}

  public LegOptions(LegOptions other) {
    this.rtp = other.rtp;
    this.udptl = other.udptl;
    this.local = other.local;
    this.law = other.law;
    this.latch = other.latch;
  }

  /** @throws FaxOptException on a malformed field */
  public LegOptions(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!FIELDS.contains(key)) {
        throw new FaxOptException(FaxOptError.MALFORMED_REQUEST,
            "unknown leg field '" + key + "'; accepted: " + String.join(", ", FIELDS));
      }
    }
    setRtp(FaxOptMessages.string(json, "rtp", false));
    setUdptl(FaxOptMessages.string(json, "udptl", false));
    setLocal(FaxOptMessages.string(json, "local", false));
    String l = FaxOptMessages.string(json, "law", false);
    law = l == null ? DEFAULT_LAW : Law.fromWireName(l);
    Object latchValue = json.getValue("latch");
    if (latchValue != null && !(latchValue instanceof Boolean)) {
      throw new FaxOptException(FaxOptError.MALFORMED_REQUEST, "leg field 'latch' must be true or false");
    }
    latch = latchValue == null ? DEFAULT_LATCH : (Boolean) latchValue;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (rtp != null) {
      json.put("rtp", rtp);
    }
    if (udptl != null) {
      json.put("udptl", udptl);
    }
    if (local != null) {
      json.put("local", local);
    }
    return json.put("law", law.wireName()).put("latch", latch);
  }

  /** The far end's RTP address, {@code host:port}, or null. */
  public String getRtp() {
    return rtp;
  }

  public LegOptions setRtp(String rtp) {
    this.rtp = rtp == null ? null : checkAddress("rtp", rtp);
    return this;
  }

  /** The far end's UDPTL address, {@code host:port}, or null. */
  public String getUdptl() {
    return udptl;
  }

  public LegOptions setUdptl(String udptl) {
    this.udptl = udptl == null ? null : checkAddress("udptl", udptl);
    return this;
  }

  /** The local address to bind, {@code host:port}, or null for a port from the media range. */
  public String getLocal() {
    return local;
  }

  public LegOptions setLocal(String local) {
    this.local = local == null ? null : checkAddress("local", local);
    return this;
  }

  public Law getLaw() {
    return law;
  }

  public LegOptions setLaw(Law law) {
    this.law = Objects.requireNonNull(law);
    return this;
  }

  /** Whether the leg latches to the first source it hears instead of only accepting its far address. */
  public boolean isLatch() {
    return latch;
  }

  public LegOptions setLatch(boolean latch) {
    this.latch = latch;
    return this;
  }

  /** Splits {@code host:port} (or {@code [v6]:port}) and checks the port. */
  public static String checkAddress(String field, String address) {
    int colon = address.lastIndexOf(':');
    String host = colon > 0 ? address.substring(0, colon) : "";
    String port = colon > 0 ? address.substring(colon + 1) : "";
    boolean ok = !host.isEmpty() && port.matches("[0-9]{1,5}") && Integer.parseInt(port) >= 1
        && Integer.parseInt(port) <= 65535 && (host.indexOf(':') < 0 || host.startsWith("["));
    if (!ok) {
      throw new FaxOptException(FaxOptError.INVALID_VALUE,
          "invalid " + field + " address '" + address + "'; accepted: host:port or [ipv6]:port");
    }
    return address;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LegOptions other && toJson().equals(other.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
