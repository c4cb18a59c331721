package dev.faxgate.t30;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a processor that watches T.30 knows of the fax: the FAXOPT results so far and, once
 * {@link #over()}, how it ended. Made on request (rarely: when the fax is over, or when the
 * session ends), never per tick.
 *
 * @param over the fax has ended (DCN passed, or FAXOPT stopped it, or a leg fell silent)
 * @param success it ended well: every page confirmed, EOP answered, then DCN
 * @param statusStr the human-readable outcome ({@code OK}, or the cause naming the T.30 phase)
 * @param error {@code NO_ERROR} or the cause code
 * @param failingPhase the T.30 phase (A-E) in which it failed, null on success or while running
 */
public record FaxReport(boolean over, boolean success, String statusStr, String error, String failingPhase, int pages,
    Integer rate, String resolution, String remoteStationId, Boolean ecmUsed, String modem) {

  /** The report as a plain map (for the bus between the media plane and the session manager). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("over", over);
    m.put("success", success);
    m.put("statusStr", statusStr);
    m.put("error", error);
    m.put("failingPhase", failingPhase);
    m.put("pages", pages);
    m.put("rate", rate);
    m.put("resolution", resolution);
    m.put("remoteStationId", remoteStationId);
    m.put("ecmUsed", ecmUsed);
    m.put("modem", modem);
    return m;
  }
}
