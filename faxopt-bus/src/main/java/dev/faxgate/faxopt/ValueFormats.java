package dev.faxgate.faxopt;

import dev.faxgate.faxopt.ValueFormat.InvalidValue;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The value formats of the FAXOPT items. Each accepts what Asterisk accepts and reads back canonically. */
public final class ValueFormats {
  private ValueFormats() {}

  /** The signalling rates of V.27ter, V.29 and V.17, bit/s. */
  public static final List<Integer> RATES = List.of(2400, 4800, 7200, 9600, 12000, 14400);
  /** Rates only V.34 offers; well formed, but Faxgate has no V.34 modem. */
  public static final List<Integer> V34_RATES =
      List.of(16800, 19200, 21600, 24000, 26400, 28800, 31200, 33600);
  /** Upper bound of FAXOPT t38timeout, ms: ten minutes is longer than any re-INVITE may take. */
  public static final int MAX_T38_TIMEOUT_MS = 600_000;
  /** Upper bound of the optional seconds of gateway and faxdetect: one day. */
  public static final int MAX_TIMEOUT_SECONDS = 86_400;

  private static final Set<String> TRUE = Set.of("yes", "true", "y", "t", "1", "on");
  private static final Set<String> FALSE = Set.of("no", "false", "n", "f", "0", "off");

  /** {@code yes}/{@code no}; Asterisk's other spellings (true, on, 1, ...) are accepted too. */
  public static final ValueFormat<Boolean> YES_NO = new ValueFormat<>() {
    @Override
    public Boolean parse(String raw) {
      return parseBoolean(raw, "yes or no");
    }

    @Override
    public String format(Boolean value) {
      return value == null ? "" : value ? "yes" : "no";
    }
  };

  /** One of {@link #RATES}; a V.34 rate is {@link FaxOptError#NOT_SUPPORTED}. */
  public static final ValueFormat<Integer> RATE = new ValueFormat<>() {
    @Override
    public Integer parse(String raw) {
      int rate = parseInt(raw, "one of " + RATES);
      if (V34_RATES.contains(rate)) {
        throw new InvalidValue(FaxOptError.NOT_SUPPORTED,
            rate + " bit/s needs V.34, which Faxgate does not support; accepted: " + RATES);
      }
      if (!RATES.contains(rate)) {
        throw new InvalidValue("accepted: " + RATES);
      }
      return rate;
    }

    @Override
    public String format(Integer value) {
      return value == null ? "" : value.toString();
    }
  };

  /** A comma list of v17, v27 (or v27ter), v29; read back upper case in a fixed order. */
  public static final ValueFormat<Set<Modem>> MODEMS = new ValueFormat<>() {
    private static final String ACCEPTED = "a comma list of v17, v27, v29";

    @Override
    public Set<Modem> parse(String raw) {
      EnumSet<Modem> modems = EnumSet.noneOf(Modem.class);
      for (String part : raw.split(",", -1)) {
        String token = part.trim().toLowerCase(Locale.ROOT);
        switch (token) {
          case "v17" -> modems.add(Modem.V17);
          case "v27", "v27ter" -> modems.add(Modem.V27);
          case "v29" -> modems.add(Modem.V29);
          case "v34" -> throw new InvalidValue(FaxOptError.NOT_SUPPORTED,
              "V.34 is not supported; accepted: " + ACCEPTED);
          case "" -> throw new InvalidValue("empty modem name; accepted: " + ACCEPTED);
          default -> throw new InvalidValue("unknown modem " + FaxOptMessages.quote(part.trim()) + "; accepted: " + ACCEPTED);
        }
      }
      return modems;
    }

    @Override
    public String format(Set<Modem> value) {
      return value == null ? "" : EnumSet.copyOf(value).stream().map(Enum::name).collect(Collectors.joining(","));
    }
  };

  /** {@code yes}, {@code yes,SECONDS} or {@code no}. */
  public static final ValueFormat<GatewaySetting> GATEWAY = new ValueFormat<>() {
    private static final String ACCEPTED = "yes, yes,SECONDS or no";

    @Override
    public GatewaySetting parse(String raw) {
      String[] parts = raw.split(",", -1);
      if (parts.length > 2) {
        throw new InvalidValue("accepted: " + ACCEPTED);
      }
      boolean on = parseBoolean(parts[0], ACCEPTED);
      if (parts.length == 1) {
        return on ? new GatewaySetting(true, 0) : GatewaySetting.OFF;
      }
      if (!on) {
        throw new InvalidValue("seconds only go with yes; accepted: " + ACCEPTED);
      }
      return new GatewaySetting(true, parseSeconds(parts[1], ACCEPTED));
    }

    @Override
    public String format(GatewaySetting value) {
      if (value == null || !value.enabled()) {
        return "no";
      }
      return value.timeoutSeconds() > 0 ? "yes," + value.timeoutSeconds() : "yes";
    }
  };

  /** {@code yes}, {@code t38} or {@code cng}, each with an optional {@code ,SECONDS}; or {@code no}. Read back: the mode. */
  public static final ValueFormat<FaxDetectSetting> FAX_DETECT = new ValueFormat<>() {
    private static final String ACCEPTED = "yes, t38 or cng with an optional ,SECONDS; or no";

    @Override
    public FaxDetectSetting parse(String raw) {
      String[] parts = raw.split(",", -1);
      if (parts.length > 2) {
        throw new InvalidValue("accepted: " + ACCEPTED);
      }
      String word = parts[0].trim().toLowerCase(Locale.ROOT);
      FaxDetectMode mode;
      if (word.equals("t38")) {
        mode = FaxDetectMode.T38;
      } else if (word.equals("cng")) {
        mode = FaxDetectMode.CNG;
      } else {
        mode = parseBoolean(word, ACCEPTED) ? FaxDetectMode.YES : FaxDetectMode.NO;
      }
      if (parts.length == 1) {
        return mode == FaxDetectMode.NO ? FaxDetectSetting.OFF : new FaxDetectSetting(mode, 0);
      }
      if (mode == FaxDetectMode.NO) {
        throw new InvalidValue("seconds do not go with no; accepted: " + ACCEPTED);
      }
      return new FaxDetectSetting(mode, parseSeconds(parts[1], ACCEPTED));
    }

    @Override
    public String format(FaxDetectSetting value) {
      return value == null ? "no" : value.mode().wireName();
    }
  };

  /** FAXOPT t38timeout: milliseconds, 1 to {@link #MAX_T38_TIMEOUT_MS}. */
  public static final ValueFormat<Integer> T38_TIMEOUT_MS = new ValueFormat<>() {
    @Override
    public Integer parse(String raw) {
      String accepted = "milliseconds, 1 to " + MAX_T38_TIMEOUT_MS;
      int ms = parseInt(raw, accepted);
      if (ms < 1 || ms > MAX_T38_TIMEOUT_MS) {
        throw new InvalidValue("accepted: " + accepted);
      }
      return ms;
    }

    @Override
    public String format(Integer value) {
      return value == null ? "" : value.toString();
    }
  };

  /** FAXOPT headerinfo: printable ASCII, at most 50 characters. */
  public static final ValueFormat<String> HEADER_INFO = text(50, Pattern.compile("[\\x20-\\x7e]*"), "printable ASCII");

  /** FAXOPT localstationid: the T.30 identity, at most 20 of {@code 0-9 + space}. */
  public static final ValueFormat<String> STATION_ID = text(20, Pattern.compile("[0-9+ ]*"), "digits, '+' and space");

  /** A read-only text; absent reads as empty. */
  public static final ValueFormat<String> TEXT = readOnly(v -> v == null ? "" : v);

  /** A read-only integer; absent reads as empty. */
  public static final ValueFormat<Integer> INTEGER = readOnly(v -> v == null ? "" : v.toString());

  /** A read-only comma list. */
  public static final ValueFormat<List<String>> LIST = readOnly(v -> v == null ? "" : String.join(",", v));

  /** A read-only enum, read back by its name. */
  public static <E extends Enum<E>> ValueFormat<E> enumName() {
    return readOnly(v -> v == null ? "" : v.name());
  }

  private static ValueFormat<String> text(int maxLength, Pattern allowed, String what) {
    return new ValueFormat<>() {
      @Override
      public String parse(String raw) {
        if (raw.length() > maxLength || !allowed.matcher(raw).matches()) {
          throw new InvalidValue("accepted: at most " + maxLength + " characters of " + what);
        }
        return raw;
      }

      @Override
      public String format(String value) {
        return value == null ? "" : value;
      }
    };
  }

  private static <T> ValueFormat<T> readOnly(java.util.function.Function<T, String> formatter) {
    return new ValueFormat<>() {
      @Override
      public T parse(String raw) {
        throw new IllegalStateException("read-only items are never parsed");
      }

      @Override
      public String format(T value) {
        return formatter.apply(value);
      }
    };
  }

  static boolean parseBoolean(String raw, String accepted) {
    String v = raw.trim().toLowerCase(Locale.ROOT);
    if (TRUE.contains(v)) {
      return true;
    }
    if (FALSE.contains(v)) {
      return false;
    }
    throw new InvalidValue("accepted: " + accepted);
  }

  private static int parseInt(String raw, String accepted) {
    String v = raw.trim();
    if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) { // ASCII digits only
      throw new InvalidValue("accepted: " + accepted);
    }
    return Integer.parseInt(v);
  }

  private static int parseSeconds(String raw, String accepted) {
    int seconds = parseInt(raw, accepted);
    if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
      throw new InvalidValue("seconds must be 1 to " + MAX_TIMEOUT_SECONDS + "; accepted: " + accepted);
    }
    return seconds;
  }
}
