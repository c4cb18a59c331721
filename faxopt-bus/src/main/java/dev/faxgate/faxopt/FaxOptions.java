package dev.faxgate.faxopt;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The writable FAXOPT items of one session, typed, in the Vert.x Options style.
 *
 * <p>The JSON form is the FAXOPT form: item name to canonical value string, e.g.
 * {@code {"ecm":"yes","maxrate":"9600","modem":"V17,V29"}}. {@link #FaxOptions(JsonObject)} and
 * {@link #apply(JsonObject)} accept every spelling FAXOPT accepts (aliases, case, Asterisk's
 * yes/no synonyms) and refuse the rest with a {@link FaxOptException}.
 */
public final class FaxOptions extends JsonData {
  public static final boolean DEFAULT_ECM = true;
  public static final String DEFAULT_HEADER_INFO = "";
  public static final String DEFAULT_LOCAL_STATION_ID = "";
  public static final int DEFAULT_MIN_RATE = 4800;
  public static final int DEFAULT_MAX_RATE = 14400;
  public static final Set<Modem> DEFAULT_MODEMS = Collections.unmodifiableSet(EnumSet.allOf(Modem.class));
  public static final GatewaySetting DEFAULT_GATEWAY = GatewaySetting.OFF;
  public static final FaxDetectSetting DEFAULT_FAX_DETECT = FaxDetectSetting.OFF;
  public static final int DEFAULT_T38_TIMEOUT_MS = 5000;
  public static final boolean DEFAULT_NEGOTIATE_BOTH = false;

  private boolean ecm = DEFAULT_ECM;
  private String headerInfo = DEFAULT_HEADER_INFO;
  private String localStationId = DEFAULT_LOCAL_STATION_ID;
  private int minRate = DEFAULT_MIN_RATE;
  private int maxRate = DEFAULT_MAX_RATE;
  private EnumSet<Modem> modems = EnumSet.copyOf(DEFAULT_MODEMS);
  private GatewaySetting gateway = DEFAULT_GATEWAY;
  private FaxDetectSetting faxDetect = DEFAULT_FAX_DETECT;
  private int t38TimeoutMs = DEFAULT_T38_TIMEOUT_MS;
  private boolean negotiateBoth = DEFAULT_NEGOTIATE_BOTH;

  /** The defaults of docs/faxopt.md. */
  public FaxOptions() {}

  public FaxOptions(FaxOptions other) {
    copyFrom(other);
  }

  /** The defaults with the FAXOPT items of {@code json} applied. */
  public FaxOptions(JsonObject json) {
    apply(json);
  }

  /**
   * Writes every item of {@code json} (item name to value string), all or nothing.
   *
   * @throws FaxOptException on a non-string value, an unknown or read-only item, an invalid value,
   *     or items that contradict each other (e.g. maxrate below minrate)
   */
  public FaxOptions apply(JsonObject json) {
    FaxOptions next = new FaxOptions(this);
    for (Map.Entry<String, Object> e : json) {
      FaxOptItem<?> item = FaxOptItems.lookup(e.getKey()).requireWritable();
      if (!(e.getValue() instanceof String value)) {
        throw new FaxOptException(FaxOptError.MALFORMED_REQUEST,
            "the value of " + item.name() + " must be a JSON string, e.g. \"" + item.read(FaxOptSnapshot.of(new FaxOptions())) + "\"");
      }
      item.write(next, value);
    }
    next.validate();
    copyFrom(next);
    return this;
  }

  /**
   * Checks the rules that tie items together: minrate at most maxrate, and some allowed modem
   * reaching minrate.
   *
   * @throws FaxOptException with {@link FaxOptError#INVALID_VALUE} naming the items
   */
  public FaxOptions validate() {
    if (maxRate < minRate) {
      throw new FaxOptException(FaxOptError.INVALID_VALUE,
          "maxrate " + maxRate + " is below minrate " + minRate);
    }
    int fastest = modems.stream().mapToInt(Modem::maxRate).max().orElse(0);
    if (fastest < minRate) {
      throw new FaxOptException(FaxOptError.INVALID_VALUE,
          "no allowed modem (" + ValueFormats.MODEMS.format(modems) + ") reaches minrate " + minRate);
    }
    return this;
  }

  private void copyFrom(FaxOptions o) {
    ecm = o.ecm;
    headerInfo = o.headerInfo;
    localStationId = o.localStationId;
    minRate = o.minRate;
    maxRate = o.maxRate;
    modems = EnumSet.copyOf(o.modems);
    gateway = o.gateway;
    faxDetect = o.faxDetect;
    t38TimeoutMs = o.t38TimeoutMs;
    negotiateBoth = o.negotiateBoth;
  }

  /** Every writable item, by its FAXOPT name, with its canonical value. */
  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    FaxOptSnapshot snapshot = FaxOptSnapshot.of(this);
    for (FaxOptItem<?> item : FaxOptItems.ALL) {
      if (item.writable()) {
        json.put(item.name(), item.read(snapshot));
      }
    }
    return json;
  }

  public boolean isEcm() {
    return ecm;
  }

  public FaxOptions setEcm(boolean ecm) {
    this.ecm = ecm;
    return this;
  }

  public String getHeaderInfo() {
    return headerInfo;
  }

  public FaxOptions setHeaderInfo(String headerInfo) {
    this.headerInfo = Objects.requireNonNull(headerInfo);
    return this;
  }

  public String getLocalStationId() {
    return localStationId;
  }

  public FaxOptions setLocalStationId(String localStationId) {
    this.localStationId = Objects.requireNonNull(localStationId);
    return this;
  }

  public int getMinRate() {
    return minRate;
  }

  public FaxOptions setMinRate(int minRate) {
    this.minRate = minRate;
    return this;
  }

  public int getMaxRate() {
    return maxRate;
  }

  public FaxOptions setMaxRate(int maxRate) {
    this.maxRate = maxRate;
    return this;
  }

  /** The allowed modems, read-only. */
  public Set<Modem> getModems() {
    return Collections.unmodifiableSet(modems);
  }

  public FaxOptions setModems(Set<Modem> modems) {
    if (modems.isEmpty()) {
      throw new IllegalArgumentException("a session needs at least one modem");
    }
    this.modems = EnumSet.copyOf(modems);
    return this;
  }

  public GatewaySetting getGateway() {
    return gateway;
  }

  public FaxOptions setGateway(GatewaySetting gateway) {
    this.gateway = Objects.requireNonNull(gateway);
    return this;
  }

  public FaxDetectSetting getFaxDetect() {
    return faxDetect;
  }

  public FaxOptions setFaxDetect(FaxDetectSetting faxDetect) {
    this.faxDetect = Objects.requireNonNull(faxDetect);
    return this;
  }

  public int getT38TimeoutMs() {
    return t38TimeoutMs;
  }

  public FaxOptions setT38TimeoutMs(int t38TimeoutMs) {
    this.t38TimeoutMs = t38TimeoutMs;
    return this;
  }

  public boolean isNegotiateBoth() {
    return negotiateBoth;
  }

  public FaxOptions setNegotiateBoth(boolean negotiateBoth) {
    this.negotiateBoth = negotiateBoth;
    return this;
  }

}
