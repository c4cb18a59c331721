package dev.faxgate.faxopt;

/** Everything a FAXOPT read can see of one session: its id, its options and its results so far. */
public record FaxOptSnapshot(String sessionId, FaxOptions options, FaxResult result) {

  /** A snapshot of options alone (no session yet, no results). */
  public static FaxOptSnapshot of(FaxOptions options) {
    return new FaxOptSnapshot("", options, new FaxResult());
  }
}
