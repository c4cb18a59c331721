package dev.faxgate.faxopt;

import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One FAXOPT item: its canonical name, aliases, access, value format, and where its value lives.
 * Items are defined once, in {@link FaxOptItems}.
 *
 * @param <T> the typed value
 */
public final class FaxOptItem<T> {

  /** Whether an item can be written. */
  public enum Access {
    READ_WRITE,
    READ_ONLY
  }

  private final String name;
  private final List<String> aliases;
  private final ValueFormat<T> format;
  private final Function<FaxOptSnapshot, T> reader;
  private final BiConsumer<FaxOptions, T> writer;

  FaxOptItem(String name, List<String> aliases, ValueFormat<T> format,
      Function<FaxOptSnapshot, T> reader, BiConsumer<FaxOptions, T> writer) {
    this.name = Objects.requireNonNull(name);
    this.aliases = List.copyOf(aliases);
    this.format = Objects.requireNonNull(format);
    this.reader = Objects.requireNonNull(reader);
    this.writer = writer;
  }

  /** The canonical (lower case) name. */
  public String name() {
    return name;
  }

  /** Other names Asterisk accepts for this item. */
  public List<String> aliases() {
    return aliases;
  }

  public Access access() {
    return writer == null ? Access.READ_ONLY : Access.READ_WRITE;
  }

  public boolean writable() {
    return writer != null;
  }

  /** This item, if it is writable. */
  public FaxOptItem<T> requireWritable() {
    if (!writable()) {
      throw new FaxOptException(FaxOptError.READ_ONLY, name + " is read-only");
    }
    return this;
  }

  /** The canonical value string of this item in {@code snapshot}. */
  public String read(FaxOptSnapshot snapshot) {
    return format.format(reader.apply(snapshot));
  }

  /**
   * Parses {@code raw} and writes it into {@code target}. Rules tying items together are checked
   * by {@link FaxOptions#validate()}, not here.
   *
   * @throws FaxOptException when the item is read-only or the value is refused
   */
  public void write(FaxOptions target, String raw) {
    requireWritable();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c > 0x7e) { // as Asterisk reads them; also keeps CR/LF, NUL and bidi marks out of logs
        throw new FaxOptException(FaxOptError.INVALID_VALUE, "invalid value " + FaxOptMessages.quote(raw) + " for " + name
            + ": FAXOPT values are printable ASCII (a character at index " + i + " is not)");
      }
    }
    T value;
    try {
      value = format.parse(raw);
    } catch (ValueFormat.InvalidValue e) {
      throw new FaxOptException(e.error(), "invalid value " + FaxOptMessages.quote(raw) + " for " + name + ": " + e.getMessage());
    }
    writer.accept(target, value);
  }

  @Override
  public String toString() {
    return name;
  }
}
