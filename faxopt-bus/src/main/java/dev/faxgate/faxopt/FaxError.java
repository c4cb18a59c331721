package dev.faxgate.faxopt;

/**
 * The values of FAXOPT {@code error} that Asterisk defines, and Faxgate's own {@link #NODE_FAILED} and {@link #NO_FAX}.
 * A T.30 failure reports the T.30 cause text instead, so {@link FaxResult#getError()} is a string.
 */
public enum FaxError {
  NO_ERROR,
  INIT_ERROR,
  INVALID_ARGUMENTS,
  FILE_ERROR,
  MEMORY_ERROR,
  T38_NEG_ERROR,
  TIMEOUT,
  HANGUP,
  UNKNOWN,
  NATIVE_T38,
  /**
   * Faxgate's own: the node running the session stopped without ending it (SIGKILL, OOM, power);
   * reported by that node when it starts again on the same data directory, with what it knew last.
   */
  NODE_FAILED,
  /**
   * Faxgate's own: a {@code detect} session that only listens to one leg heard no fax signal
   * before its faxdetect seconds ran out (or before its media went silent).
   */
  NO_FAX
}
