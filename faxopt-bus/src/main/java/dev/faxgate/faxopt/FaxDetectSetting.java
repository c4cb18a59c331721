package dev.faxgate.faxopt;

/** FAXOPT {@code faxdetect}: the mode and how long to detect ({@code 0}: for the whole session). */
public record FaxDetectSetting(FaxDetectMode mode, int timeoutSeconds) {
  public static final FaxDetectSetting OFF = new FaxDetectSetting(FaxDetectMode.NO, 0);

  public FaxDetectSetting {
    if (mode == null || timeoutSeconds < 0 || (mode == FaxDetectMode.NO && timeoutSeconds != 0)) {
      throw new IllegalArgumentException("faxdetect timeout needs a detection mode and seconds >= 0");
    }
  }
}
