package dev.faxgate.faxopt;

/**
 * How one FAXOPT item's value is written and read: {@link #parse} takes every accepted spelling,
 * {@link #format} gives the one canonical spelling Asterisk would print.
 */
public interface ValueFormat<T> {

  /**
   * Parses a written value.
   *
   * @throws InvalidValue when the value is not accepted; its reason lists the accepted forms
   */
  T parse(String raw);

  /** The canonical read-back spelling; {@code ""} for an absent value. */
  String format(T value);

  /** A refused value: the error code and the reason, to which the item adds its own name. */
  final class InvalidValue extends RuntimeException {
    private final FaxOptError error;

    public InvalidValue(FaxOptError error, String reason) {
      super(reason, null, false, false);
      this.error = error;
    }

    public InvalidValue(String reason) {
      this(FaxOptError.INVALID_VALUE, reason);
    }

    public FaxOptError error() {
      return error;
    }
  }
}
