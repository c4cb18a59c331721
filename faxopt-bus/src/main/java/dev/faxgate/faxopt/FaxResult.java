package dev.faxgate.faxopt;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a session found out: the read-only FAXOPT results and the details the completion event
 * carries. Empty (null) until known; {@code pages} starts at 0.
 */
public final class FaxResult extends JsonData {
  private FaxStatus status;
  private String statusStr;
  private String error;
  private int pages;
  private Integer rate;
  private String resolution;
  private String remoteStationId;
  private List<String> filenames = List.of();
  private Boolean ecmUsed;
  private String modem;
  private String failingPhase;

  public FaxResult() {}

  public FaxResult(FaxResult other) {
    this(other.toJson());
  }

  public FaxResult(JsonObject json) {
    String s = json.getString("status");
    status = s == null ? null : FaxStatus.valueOf(s);
    statusStr = json.getString("statusstr");
    error = json.getString("error");
    pages = json.getInteger("pages", 0);
    rate = json.getInteger("rate");
    resolution = json.getString("resolution");
    remoteStationId = json.getString("remotestationid");
    JsonArray files = json.getJsonArray("filenames");
    filenames = files == null ? List.of() : files.stream().map(String::valueOf).toList();
    ecmUsed = json.getBoolean("ecm");
    modem = json.getString("modem");
    failingPhase = json.getString("failingPhase");
  }

  /** The typed JSON form; absent values are left out. */
  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("pages", pages);
    putIfSet(json, "status", status == null ? null : status.name());
    putIfSet(json, "statusstr", statusStr);
    putIfSet(json, "error", error);
    putIfSet(json, "rate", rate);
    putIfSet(json, "resolution", resolution);
    putIfSet(json, "remotestationid", remoteStationId);
    if (!filenames.isEmpty()) {
      json.put("filenames", new JsonArray(filenames));
    }
    putIfSet(json, "ecm", ecmUsed);
    putIfSet(json, "modem", modem);
    putIfSet(json, "failingPhase", failingPhase);
    return json;
  }

  private static void putIfSet(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  /** Sets the outcome in one step: status, its human-readable text and the error. */
  public FaxResult setOutcome(FaxStatus status, String statusStr, String error) {
    this.status = status;
    this.statusStr = statusStr;
    this.error = error;
    return this;
  }

  /** Whether an outcome is set. */
  public boolean isFinished() {
    return status != null;
  }

  public FaxStatus getStatus() {
    return status;
  }

  public String getStatusStr() {
    return statusStr;
  }

  public String getError() {
    return error;
  }

  public int getPages() {
    return pages;
  }

  public FaxResult setPages(int pages) {
    this.pages = pages;
    return this;
  }

  public Integer getRate() {
    return rate;
  }

  public FaxResult setRate(Integer rate) {
    this.rate = rate;
    return this;
  }

  public String getResolution() {
    return resolution;
  }

  public FaxResult setResolution(String resolution) {
    this.resolution = resolution;
    return this;
  }

  public String getRemoteStationId() {
    return remoteStationId;
  }

  public FaxResult setRemoteStationId(String remoteStationId) {
    this.remoteStationId = remoteStationId;
    return this;
  }

  /** The first file of the transmission (FAXOPT filename), or null. */
  public String getFilename() {
    return filenames.isEmpty() ? null : filenames.get(0);
  }

  public List<String> getFilenames() {
    return filenames;
  }

  public FaxResult setFilenames(List<String> filenames) {
    this.filenames = List.copyOf(filenames);
    return this;
  }

  public Boolean getEcmUsed() {
    return ecmUsed;
  }

  public FaxResult setEcmUsed(Boolean ecmUsed) {
    this.ecmUsed = ecmUsed;
    return this;
  }

  public String getModem() {
    return modem;
  }

  public FaxResult setModem(String modem) {
    this.modem = modem;
    return this;
  }

  public String getFailingPhase() {
    return failingPhase;
  }

  public FaxResult setFailingPhase(String failingPhase) {
    this.failingPhase = failingPhase;
    return this;
  }

}
