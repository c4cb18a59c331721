package dev.faxgate.faxopt;

/** FAXOPT {@code status}: the outcome of the fax, empty (null) while the session runs. */
public enum FaxStatus {
  SUCCESS,
  FAILED
}
