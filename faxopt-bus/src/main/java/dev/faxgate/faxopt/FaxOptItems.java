package dev.faxgate.faxopt;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The FAXOPT items of docs/faxopt.md, each defined once. Lookups are case-insensitive and take Asterisk's aliases. */
public final class FaxOptItems {
  private FaxOptItems() {}

  public static final FaxOptItem<Boolean> ECM =
      rw("ecm", ValueFormats.YES_NO, FaxOptions::isEcm, FaxOptions::setEcm);
  public static final FaxOptItem<String> ERROR =
      ro("error", ValueFormats.TEXT, s -> s.result().getError());
  public static final FaxOptItem<String> FILENAME =
      ro("filename", ValueFormats.TEXT, s -> s.result().getFilename());
  public static final FaxOptItem<List<String>> FILENAMES =
      ro("filenames", ValueFormats.LIST, s -> s.result().getFilenames());
  public static final FaxOptItem<String> HEADER_INFO =
      rw("headerinfo", ValueFormats.HEADER_INFO, FaxOptions::getHeaderInfo, FaxOptions::setHeaderInfo);
  public static final FaxOptItem<String> LOCAL_STATION_ID =
      rw("localstationid", ValueFormats.STATION_ID, FaxOptions::getLocalStationId, FaxOptions::setLocalStationId);
  public static final FaxOptItem<Integer> MIN_RATE =
      rw("minrate", ValueFormats.RATE, FaxOptions::getMinRate, FaxOptions::setMinRate);
  public static final FaxOptItem<Integer> MAX_RATE =
      rw("maxrate", ValueFormats.RATE, FaxOptions::getMaxRate, FaxOptions::setMaxRate);
  public static final FaxOptItem<java.util.Set<Modem>> MODEM =
      rw("modem", List.of("modems"), ValueFormats.MODEMS, FaxOptions::getModems, FaxOptions::setModems);
  public static final FaxOptItem<GatewaySetting> GATEWAY =
      rw("gateway", List.of("t38gateway", "t38_gateway", "faxgateway"), ValueFormats.GATEWAY,
          FaxOptions::getGateway, FaxOptions::setGateway);
  public static final FaxOptItem<FaxDetectSetting> FAX_DETECT =
      rw("faxdetect", ValueFormats.FAX_DETECT, FaxOptions::getFaxDetect, FaxOptions::setFaxDetect);
  public static final FaxOptItem<Integer> PAGES =
      ro("pages", ValueFormats.INTEGER, s -> s.result().getPages());
  public static final FaxOptItem<Integer> RATE =
      ro("rate", ValueFormats.INTEGER, s -> s.result().getRate());
  public static final FaxOptItem<String> REMOTE_STATION_ID =
      ro("remotestationid", ValueFormats.TEXT, s -> s.result().getRemoteStationId());
  public static final FaxOptItem<String> RESOLUTION =
      ro("resolution", ValueFormats.TEXT, s -> s.result().getResolution());
  public static final FaxOptItem<String> SESSION_ID =
      ro("sessionid", ValueFormats.TEXT, FaxOptSnapshot::sessionId);
  public static final FaxOptItem<FaxStatus> STATUS =
      ro("status", ValueFormats.<FaxStatus>enumName(), s -> s.result().getStatus());
  public static final FaxOptItem<String> STATUS_STR =
      ro("statusstr", ValueFormats.TEXT, s -> s.result().getStatusStr());
  public static final FaxOptItem<Integer> T38_TIMEOUT =
      rw("t38timeout", ValueFormats.T38_TIMEOUT_MS, FaxOptions::getT38TimeoutMs, FaxOptions::setT38TimeoutMs);
  public static final FaxOptItem<Boolean> NEGOTIATE_BOTH =
      rw("negotiate_both", ValueFormats.YES_NO, FaxOptions::isNegotiateBoth, FaxOptions::setNegotiateBoth);

  /** Every item, in docs/faxopt.md's order. */
  public static final List<FaxOptItem<?>> ALL = List.of(ECM, ERROR, FILENAME, FILENAMES, HEADER_INFO,
      LOCAL_STATION_ID, MIN_RATE, MAX_RATE, MODEM, GATEWAY, FAX_DETECT, PAGES, RATE, REMOTE_STATION_ID,
      RESOLUTION, SESSION_ID, STATUS, STATUS_STR, T38_TIMEOUT, NEGOTIATE_BOTH);

  private static final Map<String, FaxOptItem<?>> BY_NAME = new HashMap<>();

  static {
    for (FaxOptItem<?> item : ALL) {
      BY_NAME.put(item.name(), item);
      item.aliases().forEach(alias -> BY_NAME.put(alias, item));
    }
  }

  /**
   * The item with that name or alias, case-insensitive.
   *
   * @throws FaxOptException with {@link FaxOptError#UNKNOWN_ITEM}
   */
  public static FaxOptItem<?> lookup(String name) {
    FaxOptItem<?> item = name == null ? null : BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
    if (item == null) {
      throw new FaxOptException(FaxOptError.UNKNOWN_ITEM, "unknown FAXOPT item " + FaxOptMessages.quote(name));
    }
    return item;
  }

  private static <T> FaxOptItem<T> rw(String name, ValueFormat<T> format,
      Function<FaxOptions, T> getter, BiConsumer<FaxOptions, T> setter) {
    return rw(name, List.of(), format, getter, setter);
  }

  private static <T> FaxOptItem<T> rw(String name, List<String> aliases, ValueFormat<T> format,
      Function<FaxOptions, T> getter, BiConsumer<FaxOptions, T> setter) {
    return new FaxOptItem<>(name, aliases, format, s -> getter.apply(s.options()), setter);
  }

  private static <T> FaxOptItem<T> ro(String name, ValueFormat<T> format, Function<FaxOptSnapshot, T> reader) {
    return new FaxOptItem<>(name, List.of(), format, reader, null);
  }
}
