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
 *
 * <p>A T.38 leg also takes {@code t38Version} (0-3), {@code ec} (error recovery it sends:
 * {@code redundancy}, {@code fec} or {@code none}), {@code ecDepth} (secondary IFPs per datagram,
 * or FEC entries), {@code fecSpan}, {@code maxDatagram} (the far end's T38FaxMaxDatagram: redundancy
 * is shed to fit) and {@code redundancy} ({@code {"indicator":N,"control":N,"image":N}}: a
 * redundancy depth per kind of IFP, overriding {@code ecDepth}).
 */
public final class LegOptions extends JsonData {
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
      throw new FaxOptException(FaxOptError.INVALID_VALUE, "unknown law " + FaxOptMessages.quote(name) + "; accepted: ulaw, alaw");
    }
  }

  /** The error recovery a T.38 leg sends (it accepts any). */
  public enum ErrorRecovery {
    REDUNDANCY,
    FEC,
    NONE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static ErrorRecovery fromWireName(String name) {
      for (ErrorRecovery e : values()) {
        if (e.wireName().equalsIgnoreCase(name)) {
          return e;
        }
      }
      throw new FaxOptException(FaxOptError.INVALID_VALUE,
          "unknown error recovery " + FaxOptMessages.quote(name) + "; accepted: redundancy, fec, none");
    }
  }

  /** IFP kinds that {@code redundancy} gives their own depth. */
  public static final java.util.List<String> IFP_KINDS = java.util.List.of("indicator", "control", "image");

  public static final Law DEFAULT_LAW = Law.ULAW;
  public static final int DEFAULT_T38_VERSION = 0;
  public static final ErrorRecovery DEFAULT_EC = ErrorRecovery.REDUNDANCY;
  public static final int DEFAULT_EC_DEPTH = 3;
  public static final int DEFAULT_FEC_SPAN = 3;
  public static final int DEFAULT_MAX_DATAGRAM = 1400;
  /** Deepest redundancy, widest FEC span, most FEC entries; span x entries is at most 64. */
  public static final int MAX_EC = 32;
  private static final java.util.List<String> FIELDS = java.util.List.of("rtp", "udptl", "local", "law", "latch",
      "t38Version", "ec", "ecDepth", "fecSpan", "maxDatagram", "redundancy");
  public static final boolean DEFAULT_LATCH = false;

  private String rtp;
  private String udptl;
  private String local;
  private Law law = DEFAULT_LAW;
  private boolean latch = DEFAULT_LATCH;
  private int t38Version = DEFAULT_T38_VERSION;
  private ErrorRecovery ec = DEFAULT_EC;
  private int ecDepth = DEFAULT_EC_DEPTH;
  private int fecSpan = DEFAULT_FEC_SPAN;
  private int maxDatagram = DEFAULT_MAX_DATAGRAM;
  private JsonObject redundancy = new JsonObject();

  public LegOptions() {}

  public LegOptions(LegOptions other) {
    this.rtp = other.rtp;
    this.udptl = other.udptl;
    this.local = other.local;
    this.law = other.law;
    this.latch = other.latch;
    this.t38Version = other.t38Version;
    this.ec = other.ec;
    this.ecDepth = other.ecDepth;
    this.fecSpan = other.fecSpan;
    this.maxDatagram = other.maxDatagram;
    this.redundancy = other.redundancy.copy();
  }

  /** @throws FaxOptException on a malformed field */
  public LegOptions(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!FIELDS.contains(key)) {
        throw new FaxOptException(FaxOptError.MALFORMED_REQUEST,
            "unknown leg field " + FaxOptMessages.quote(key) + "; accepted: " + String.join(", ", FIELDS));
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
    t38Version = intField(json, "t38Version", 0, 3, DEFAULT_T38_VERSION);
    String e = FaxOptMessages.string(json, "ec", false);
    ec = e == null ? DEFAULT_EC : ErrorRecovery.fromWireName(e);
    ecDepth = intField(json, "ecDepth", 0, MAX_EC, DEFAULT_EC_DEPTH);
    fecSpan = intField(json, "fecSpan", 1, MAX_EC, DEFAULT_FEC_SPAN);
    maxDatagram = intField(json, "maxDatagram", 6, 65535, DEFAULT_MAX_DATAGRAM);
    Object r = json.getValue("redundancy");
    if (r != null && !(r instanceof JsonObject)) {
      throw new FaxOptException(FaxOptError.MALFORMED_REQUEST, "leg field 'redundancy' must be an object");
    }
    setRedundancy(r == null ? new JsonObject() : (JsonObject) r);
    checkFec();
  }

  private static int intField(JsonObject json, String field, int min, int max, int dflt) {
    Object v = json.getValue(field);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min || ((Number) v).longValue() > max) {
      throw new FaxOptException(v instanceof Number ? FaxOptError.INVALID_VALUE : FaxOptError.MALFORMED_REQUEST,
          "leg field '" + field + "' must be a whole number from " + min + " to " + max + ", not " + FaxOptMessages.quote(String.valueOf(v)));
    }
    return ((Number) v).intValue();
  }

  private void checkFec() {
    if (ec == ErrorRecovery.FEC && (ecDepth < 1 || fecSpan * ecDepth > 64)) {
      throw new FaxOptException(FaxOptError.INVALID_VALUE,
          "FEC needs 1 to 32 entries (ecDepth) with fecSpan x ecDepth at most 64, not " + fecSpan + " x " + ecDepth);
    }
  }

  @Override
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
    json.put("law", law.wireName()).put("latch", latch);
    if (udptl != null) {
      json.put("t38Version", t38Version).put("ec", ec.wireName()).put("ecDepth", ecDepth).put("fecSpan", fecSpan)
          .put("maxDatagram", maxDatagram);
      if (!redundancy.isEmpty()) {
        json.put("redundancy", redundancy.copy());
      }
    }
    return json;
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

  public int getT38Version() {
    return t38Version;
  }

  public LegOptions setT38Version(int t38Version) {
    if (t38Version < 0 || t38Version > 3) {
      throw new FaxOptException(FaxOptError.INVALID_VALUE, "t38Version must be 0 to 3, not " + t38Version);
    }
    this.t38Version = t38Version;
    return this;
  }

  public ErrorRecovery getEc() {
    return ec;
  }

  public LegOptions setEc(ErrorRecovery ec) {
    this.ec = Objects.requireNonNull(ec);
    return this;
  }

  /** Secondary IFPs per datagram (redundancy) or FEC entries (fec). */
  public int getEcDepth() {
    return ecDepth;
  }

  public LegOptions setEcDepth(int ecDepth) {
    this.ecDepth = ecDepth;
    return this;
  }

  public int getFecSpan() {
    return fecSpan;
  }

  public LegOptions setFecSpan(int fecSpan) {
    this.fecSpan = fecSpan;
    return this;
  }

  /** The far end's largest datagram, octets. */
  public int getMaxDatagram() {
    return maxDatagram;
  }

  public LegOptions setMaxDatagram(int maxDatagram) {
    this.maxDatagram = maxDatagram;
    return this;
  }

  /** The redundancy depth for IFPs of {@code kind} (one of {@link #IFP_KINDS}). */
  public int redundancyDepth(String kind) {
    return redundancy.getInteger(kind, ecDepth);
  }

  /** Per-kind redundancy depths, {@code {"indicator":N,"control":N,"image":N}}, each optional. */
  public LegOptions setRedundancy(JsonObject depths) {
    for (String kind : depths.fieldNames()) {
      if (!IFP_KINDS.contains(kind)) {
        throw new FaxOptException(FaxOptError.MALFORMED_REQUEST,
            "unknown redundancy kind " + FaxOptMessages.quote(kind) + "; accepted: " + String.join(", ", IFP_KINDS));
      }
      intField(depths, kind, 0, MAX_EC, 0);
    }
    this.redundancy = depths.copy();
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
          "invalid " + field + " address " + FaxOptMessages.quote(address) + "; accepted: host:port or [ipv6]:port");
    }
    return address;
  }

}
