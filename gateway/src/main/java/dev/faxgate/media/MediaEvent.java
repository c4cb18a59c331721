package dev.faxgate.media;

import dev.faxgate.t30.FaxReport;

/**
 * What the media plane tells the session side about a session, as typed records on one local
 * address per node ({@link MediaPlane#eventsAddress()}), passed by reference ({@link LocalCodec}).
 * Sent from the processing and detection verticles; received on the session manager's context.
 */
public sealed interface MediaEvent {
  /** The session the event is about. */
  String sessionId();

  /** Every leg of the session has been silent for the media-silence timeout (reported once). */
  record Silence(String sessionId, long silentMs) implements MediaEvent {}

  /** FAXOPT faxdetect heard a fax tone on a leg ({@code cng}, {@code ced}, {@code v21-preamble}). */
  record ToneDetected(String sessionId, String leg, String tone, long toneStartMs, long detectedMs, double levelDbm0)
      implements MediaEvent {}

  /** The first fax signals of the session (FAXOPT {@code gateway=yes,N} stops its clock). */
  record FaxActivity(String sessionId) implements MediaEvent {}

  /** The switch-to-T.38 watch heard the V.21 preamble on a leg. */
  record V21Heard(String sessionId, String leg) implements MediaEvent {}

  /** The fax's score changed while it runs: FAXOPT reads follow it. */
  record FaxProgress(String sessionId, FaxReport fax) implements MediaEvent {}

  /**
   * A T.38 leg that is only listened to (a one-leg {@code detect} session) showed a signal:
   * {@code t38} (its first IFP), {@code cng}, {@code ced} or {@code v21-preamble} (indicators),
   * {@code atMs} after the session's media started.
   */
  record T38Heard(String sessionId, String signal, long atMs) implements MediaEvent {}

  /** The fax ended by itself (DCN, a FAXOPT limit, a silent leg). */
  record FaxEnded(String sessionId, FaxReport fax) implements MediaEvent {}
}
