package dev.faxgate.faxopt;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a session does with its legs. The wire name is what requests, events and metrics use. */
public enum SessionMode {
  /** Audio leg (RTP, G.711) to T.38 leg (UDPTL): the fax modems are demodulated and remodulated. */
  GATEWAY("gateway"),
  /** Fax detection only (FAXOPT faxdetect). */
  DETECT("detect"),
  /** Audio to audio through the jitter buffer, transcoding µ-law and A-law where the legs differ. */
  AUDIO_RELAY("audio-relay"),
  /** T.38 to T.38, translating versions and error-recovery forms. */
  T38_RELAY("t38-relay"),
  /** Fax terminal sending or receiving TIFF files (a later stage). */
  TERMINAL("terminal");

  private final String wireName;

  SessionMode(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The mode with that wire name (case-insensitive). */
  public static SessionMode fromWireName(String name) {
    for (SessionMode m : values()) {
      if (m.wireName.equalsIgnoreCase(name)) {
        return m;
      }
    }
    throw new FaxOptException(FaxOptError.INVALID_VALUE,
        "unknown session mode " + FaxOptMessages.quote(name) + "; accepted: " + accepted());
  }

  public static String accepted() {
    return Arrays.stream(values()).map(SessionMode::wireName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
