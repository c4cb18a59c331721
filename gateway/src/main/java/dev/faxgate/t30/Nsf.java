package dev.faxgate.t30;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The FIF of NSF, NSC and NSS: a T.35 country code, a T.35 terminal provider (vendor) code, then
 * vendor-defined octets.
 *
 * <pre>
 *  octet 0        T.35 country code (0xFF: a country extension octet follows)
 *  octet 1        country extension, only after 0xFF
 *  next 2 octets  T.35 terminal provider code ("vendor")
 *  rest           vendor-specific
 * </pre>
 *
 * <p><b>Bit order of the country code.</b> docs/dsp.md says only what a gateway does with these
 * octets (§5.5 item 5: overwrite country and vendor, default {@code FF 00 00}); the bit order comes
 * from spandsp {@code t35.c}: T.30 (2003) 5.3.6.2.7 says the NSF FIF is sent MSB first, but older
 * revisions did not say, and many terminals send it LSB first like the identity frames. In the
 * LSB-first octets this package works in, a conforming sender's USA (T.35 0xB5) therefore reads
 * {@code 0xAD}, and a legacy sender's reads {@code 0xB5}. Both readings are plausible for most
 * octets, so {@link #parse} resolves them as spandsp does, "realism over accuracy": if either
 * reading is one of the common fax-maker countries (Japan, Germany, China, France, Korea, UK, USA)
 * that reading wins, the bit-reversed (conforming) one first; otherwise the conforming reading is
 * taken when it is a country of the table below, else the legacy one, else the conforming one
 * unnamed. (spandsp's fallback prefers the legacy reading.) The cost is spandsp's too: Canada
 * (0x20) sent conformingly is read as Germany sent LSB first.
 *
 * <p>Vendor octets are kept exactly as received, not reversed: vendors disagree on their order
 * even more (spandsp's table lists Microsoft with an LSB-first country and MSB-first vendor).
 */
public final class Nsf {
  private static final Map<Integer, String> COUNTRIES = new HashMap<>();
  private static final int[] COMMON = {0x00, 0x04, 0x26, 0x3D, 0x61, 0xB4, 0xB5};
  /** T.35 country code announcing a second, extension octet. */
  public static final int COUNTRY_EXTENSION = 0xFF;

  static {
    country(0x00, "Japan");
    country(0x04, "Germany");
    country(0x09, "Australia");
    country(0x0A, "Austria");
    country(0x0F, "Belgium");
    country(0x16, "Brazil");
    country(0x20, "Canada");
    country(0x26, "China");
    country(0x31, "Denmark");
    country(0x3C, "Finland");
    country(0x3D, "France");
    country(0x46, "Greece");
    country(0x50, "Hong Kong");
    country(0x53, "India");
    country(0x57, "Ireland");
    country(0x58, "Israel");
    country(0x59, "Italy");
    country(0x61, "Korea");
    country(0x73, "Mexico");
    country(0x7B, "Netherlands");
    country(0x7E, "New Zealand");
    country(0x82, "Norway");
    country(0x8A, "Poland");
    country(0x8B, "Portugal");
    country(0x9C, "Singapore");
    country(0x9F, "South Africa");
    country(0xA0, "Spain");
    country(0xA5, "Sweden");
    country(0xA6, "Switzerland");
    country(0xB4, "United Kingdom");
    country(0xB5, "United States");
    country(0xFE, "Taiwan");
  }

  private static void country(int code, String name) {
    COUNTRIES.put(code, name);
  }

  private final byte[] fif;
  private final int country;
  private final boolean legacyOrder;
  private final int vendorStart;

  private Nsf(byte[] fif) {
    this.fif = fif;
    if (fif.length == 0) {
      country = -1;
      legacyOrder = false;
      vendorStart = 0;
      return;
    }
    int raw = fif[0] & 0xFF;
    int conforming = BitOrder.reverse(raw);
    if (isCommon(conforming)) {
      country = conforming;
      legacyOrder = false;
    } else if (isCommon(raw)) {
      country = raw;
      legacyOrder = true;
    } else if (COUNTRIES.containsKey(conforming) || !COUNTRIES.containsKey(raw)) {
      country = conforming;
      legacyOrder = false;
    } else {
      country = raw;
      legacyOrder = true;
    }
    vendorStart = Math.min(fif.length, country == COUNTRY_EXTENSION ? 2 : 1);
  }

  private static boolean isCommon(int code) {
    for (int c : COMMON) {
      if (c == code) {
        return true;
      }
    }
    return false;
  }

  /**
   * Decodes an NSF/NSC/NSS FIF; the octets are copied. Never throws: out-of-range arguments are
   * clamped, and an empty FIF gives {@link #countryCode()} -1.
   */
  public static Nsf parse(byte[] buf, int off, int len) {
    if (buf == null) {
      return new Nsf(new byte[0]);
    }
    int start = Math.max(0, Math.min(off, buf.length));
    int n = Math.max(0, Math.min(len, buf.length - start));
    return new Nsf(Arrays.copyOfRange(buf, start, start + n));
  }

  /** {@link #parse(byte[], int, int)} of a whole array. */
  public static Nsf parse(byte[] fif) {
    return parse(fif, 0, fif == null ? 0 : fif.length);
  }

  /** The name of a T.35 country code (MSB-first value) in the table, or null. */
  public static String countryName(int t35Code) {
    return COUNTRIES.get(t35Code);
  }

  /** The first FIF octet as received (LSB-first), or -1 if the FIF is empty. */
  public int rawCountryOctet() {
    return fif.length == 0 ? -1 : fif[0] & 0xFF;
  }

  /** The resolved T.35 country code (its MSB-first value, e.g. 0xB5 USA), or -1 if empty. */
  public int countryCode() {
    return country;
  }

  /** True if the country octet was read as sent LSB first (pre-2003 style) rather than MSB first. */
  public boolean legacyBitOrder() {
    return legacyOrder;
  }

  /**
   * The country's name, {@code T.35 0xNN} when it is not in the small table, or {@code T.35
   * extension 0xNN} after the extension code 0xFF.
   */
  public String countryName() {
    if (country < 0) {
      return "none";
    }
    if (country == COUNTRY_EXTENSION) {
      int ext = countryExtension();
      return ext < 0 ? "T.35 extension" : String.format("T.35 extension 0x%02X", ext);
    }
    String name = COUNTRIES.get(country);
    return name != null ? name : String.format("T.35 0x%02X", country);
  }

  /** The country extension octet after a 0xFF country code, or -1. */
  public int countryExtension() {
    return country == COUNTRY_EXTENSION && fif.length > 1 ? fif[1] & 0xFF : -1;
  }

  /** The 2-octet terminal provider code as received (fewer octets if the FIF is short). */
  public byte[] vendorCode() {
    return Arrays.copyOfRange(fif, vendorStart, Math.min(fif.length, vendorStart + 2));
  }

  /** The vendor-specific octets after the provider code. */
  public byte[] vendorData() {
    return Arrays.copyOfRange(fif, Math.min(fif.length, vendorStart + 2), fif.length);
  }

  /** True if the FIF holds at least a country and a 2-octet provider code. */
  public boolean isComplete() {
    return fif.length >= vendorStart + 2 && country >= 0;
  }

  /** One line for logs: {@code United States vendor=00 55 +6 octets}. */
  public String describe() {
    if (country < 0) {
      return "empty";
    }
    StringBuilder sb = new StringBuilder(countryName());
    if (legacyOrder) {
      sb.append("(lsb)");
    }
    sb.append(" vendor=");
    byte[] v = vendorCode();
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("%02X", v[i] & 0xFF));
    }
    if (v.length == 0) {
      sb.append("none");
    }
    int rest = vendorData().length;
    if (rest > 0) {
      sb.append(" +").append(rest).append(" octets");
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return describe();
  }
}
