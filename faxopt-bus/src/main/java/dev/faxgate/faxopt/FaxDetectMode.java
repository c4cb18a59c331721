package dev.faxgate.faxopt;

import java.util.Locale;

/** FAXOPT {@code faxdetect} modes: what is detected on a leg. */
public enum FaxDetectMode {
  NO,
  /** The calling tone (CNG, 1100 Hz) on audio. */
  CNG,
  /** A switch of the leg to T.38. */
  T38,
  /** Both CNG and T.38. */
  YES;

  /** The spelling FAXOPT reads back: {@code no}, {@code cng}, {@code t38}, {@code yes}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
