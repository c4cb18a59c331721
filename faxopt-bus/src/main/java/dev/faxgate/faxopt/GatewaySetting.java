package dev.faxgate.faxopt;

/**
 * FAXOPT {@code gateway}: whether the T.38 gateway runs, and after how many seconds without fax
 * activity it gives up ({@code 0}: no limit).
 */
public record GatewaySetting(boolean enabled, int timeoutSeconds) {
  public static final GatewaySetting OFF = new GatewaySetting(false, 0);

  public GatewaySetting {
    if (timeoutSeconds < 0 || (!enabled && timeoutSeconds != 0)) {
      throw new IllegalArgumentException("gateway timeout needs gateway=yes and seconds >= 0");
    }
  }
}
