package dev.faxgate.faxfile;

/**
 * A fax file or spool path that cannot be used, with a message meant for the person who named it
 * (an API client gets it in a 400): it says which file and what is wrong with it, never a stack trace.
 */
public final class FaxFileException extends Exception {
  private static final long serialVersionUID = 1L;

  public FaxFileException(String message) {
    super(message);
  }

  public FaxFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
