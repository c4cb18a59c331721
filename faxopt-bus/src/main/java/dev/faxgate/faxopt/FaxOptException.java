package dev.faxgate.faxopt;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** A refused FAXOPT or session request: a stable {@link FaxOptError} and a message naming the item and the reason. */
public final class FaxOptException extends RuntimeException {
  private final FaxOptError error;

  public FaxOptException(FaxOptError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  public FaxOptError error() {
    return error;
  }

  /** The bus reply failure that carries this error. */
  public ReplyException toReplyException() {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, error.code(), getMessage());
  }

  /**
   * Maps a bus failure back to a FAXOPT error: our own codes as they are, "no handlers" as
   * {@link FaxOptError#NO_SUCH_SESSION}, anything else as {@link FaxOptError#INTERNAL}.
   */
  public static FaxOptException from(Throwable failure, String address) {
    if (failure instanceof FaxOptException e) {
      return e;
    }
    if (failure instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.NO_HANDLERS) {
        return new FaxOptException(FaxOptError.NO_SUCH_SESSION, "no session answers on " + address);
      }
      if (re.failureType() == ReplyFailure.TIMEOUT) {
        return new FaxOptException(FaxOptError.INTERNAL, "no reply from " + address + " in time");
      }
      FaxOptError e = FaxOptError.fromCode(re.failureCode());
      if (e != null) {
        return new FaxOptException(e, re.getMessage());
      }
    }
    return new FaxOptException(FaxOptError.INTERNAL, String.valueOf(failure.getMessage()));
  }

  @Override
  public String toString() {
    return error + ": " + getMessage();
  }
}
