package dev.faxgate.faxopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every FAXOPT item of docs/faxopt.md: names, aliases, access, defaults, accepted and refused forms, read-back spelling. */
class FaxOptItemsTest {

  private static String writeAndRead(String item, String value) {
    FaxOptions options = new FaxOptions();
    FaxOptItems.lookup(item).write(options, value);
    options.validate();
    return FaxOptItems.lookup(item).read(FaxOptSnapshot.of(options));
  }

  private static FaxOptException refused(String item, String value) {
    return assertThrows(FaxOptException.class, () -> {
      FaxOptions options = new FaxOptions();
      FaxOptItems.lookup(item).write(options, value);
      options.validate();
    });
  }

  @Test
  void everyItemOfFaxoptMdIsDefinedOnceWithItsAccess() {
    Map<String, FaxOptItem.Access> expected = Map.ofEntries(
        Map.entry("ecm", FaxOptItem.Access.READ_WRITE),
        Map.entry("error", FaxOptItem.Access.READ_ONLY),
        Map.entry("filename", FaxOptItem.Access.READ_ONLY),
        Map.entry("filenames", FaxOptItem.Access.READ_ONLY),
        Map.entry("headerinfo", FaxOptItem.Access.READ_WRITE),
        Map.entry("localstationid", FaxOptItem.Access.READ_WRITE),
        Map.entry("minrate", FaxOptItem.Access.READ_WRITE),
        Map.entry("maxrate", FaxOptItem.Access.READ_WRITE),
        Map.entry("modem", FaxOptItem.Access.READ_WRITE),
        Map.entry("gateway", FaxOptItem.Access.READ_WRITE),
        Map.entry("faxdetect", FaxOptItem.Access.READ_WRITE),
        Map.entry("pages", FaxOptItem.Access.READ_ONLY),
        Map.entry("rate", FaxOptItem.Access.READ_ONLY),
        Map.entry("remotestationid", FaxOptItem.Access.READ_ONLY),
        Map.entry("resolution", FaxOptItem.Access.READ_ONLY),
        Map.entry("sessionid", FaxOptItem.Access.READ_ONLY),
        Map.entry("status", FaxOptItem.Access.READ_ONLY),
        Map.entry("statusstr", FaxOptItem.Access.READ_ONLY),
        Map.entry("t38timeout", FaxOptItem.Access.READ_WRITE),
        Map.entry("negotiate_both", FaxOptItem.Access.READ_WRITE));
    Map<String, FaxOptItem.Access> actual =
        FaxOptItems.ALL.stream().collect(Collectors.toMap(FaxOptItem::name, FaxOptItem::access));
    assertEquals(expected, actual);
    assertEquals(expected.size(), FaxOptItems.ALL.size());
  }

  @Test
  void defaultsReadBeforeAnyWrite() {
    FaxOptSnapshot fresh = new FaxOptSnapshot("s-1", new FaxOptions(), new FaxResult());
    Map<String, String> read = FaxOptItems.ALL.stream()
        .collect(Collectors.toMap(FaxOptItem::name, item -> item.read(fresh)));
    assertEquals(Map.ofEntries(
        Map.entry("ecm", "yes"), Map.entry("error", ""), Map.entry("filename", ""), Map.entry("filenames", ""),
        Map.entry("headerinfo", ""), Map.entry("localstationid", ""), Map.entry("minrate", "4800"),
        Map.entry("maxrate", "14400"), Map.entry("modem", "V17,V27,V29"), Map.entry("gateway", "no"),
        Map.entry("faxdetect", "no"), Map.entry("pages", "0"), Map.entry("rate", ""),
        Map.entry("remotestationid", ""), Map.entry("resolution", ""), Map.entry("sessionid", "s-1"),
        Map.entry("status", ""), Map.entry("statusstr", ""), Map.entry("t38timeout", "5000"),
        Map.entry("negotiate_both", "no")), read);
  }

  @ParameterizedTest(name = "{0}={1} reads back {2}")
  @CsvSource(delimiter = '|', value = {
      "ecm|yes|yes", "ecm|no|no", "ecm|NO|no", "ecm|true|yes", "ecm|off|no", "ecm|1|yes", "ecm| no |no",
      "headerinfo|ACME Corp Fax Dept.|ACME Corp Fax Dept.",
      "headerinfo|12345678901234567890123456789012345678901234567890|12345678901234567890123456789012345678901234567890",
      "localstationid|+1 555 0100|+1 555 0100", "localstationid|12345678901234567890|12345678901234567890",
      "minrate|2400|2400", "minrate|9600|9600", "minrate|14400|14400",
      "maxrate|4800|4800", "maxrate|7200|7200", "maxrate|12000|12000", "maxrate| 9600 |9600",
      "modem|v17|V17", "modem|V29,v27|V27,V29", "modem|v29, v17 ,v27|V17,V27,V29", "modem|v27ter|V27",
      "modems|v17,v29|V17,V29",
      "gateway|yes|yes", "gateway|no|no", "gateway|yes,30|yes,30", "gateway|YES, 5|yes,5", "gateway|true|yes",
      "faxdetect|yes|yes", "faxdetect|cng|cng", "faxdetect|t38|t38", "faxdetect|no|no",
      "faxdetect|cng,10|cng", "faxdetect|T38,3|t38", "faxdetect|yes,60|yes",
      "t38timeout|1|1", "t38timeout|5000|5000", "t38timeout|600000|600000",
      "negotiate_both|yes|yes", "negotiate_both|no|no",
  })
  void validFormsReadBackCanonically(String item, String value, String expected) {
    assertEquals(expected, writeAndRead(item, value));
  }

  @ParameterizedTest(name = "{0}={1} refused as {2}")
  @CsvSource(delimiter = '|', value = {
      "ecm|maybe|INVALID_VALUE", "ecm|''|INVALID_VALUE",
      "minrate|28800|NOT_SUPPORTED", "minrate|33600|NOT_SUPPORTED", "maxrate|28800|NOT_SUPPORTED",
      "maxrate|33600|NOT_SUPPORTED", "maxrate|16800|NOT_SUPPORTED",
      "maxrate|9601|INVALID_VALUE", "maxrate|fast|INVALID_VALUE", "maxrate|-9600|INVALID_VALUE",
      "maxrate|''|INVALID_VALUE", "minrate|99999999999|INVALID_VALUE", "minrate|0|INVALID_VALUE",
      "modem|v99|INVALID_VALUE", "modem|v17,v99|INVALID_VALUE", "modem|''|INVALID_VALUE",
      "modem|,|INVALID_VALUE", "modem|v17,,v29|INVALID_VALUE", "modem|v34|NOT_SUPPORTED",
      "gateway|yes,0|INVALID_VALUE", "gateway|yes,-1|INVALID_VALUE", "gateway|no,5|INVALID_VALUE",
      "gateway|yes,abc|INVALID_VALUE", "gateway|yes,5,6|INVALID_VALUE", "gateway|perhaps|INVALID_VALUE",
      "faxdetect|fsk|INVALID_VALUE", "faxdetect|no,5|INVALID_VALUE", "faxdetect|cng,0|INVALID_VALUE",
      "faxdetect|cng,x|INVALID_VALUE",
      "t38timeout|0|INVALID_VALUE", "t38timeout|-5|INVALID_VALUE", "t38timeout|600001|INVALID_VALUE",
      "t38timeout|5s|INVALID_VALUE",
      "negotiate_both|both|INVALID_VALUE",
      "localstationid|ACME|INVALID_VALUE", "localstationid|123456789012345678901|INVALID_VALUE",
      "headerinfo|123456789012345678901234567890123456789012345678901|INVALID_VALUE",
      "headerinfo|tab\there|INVALID_VALUE",
  })
  void invalidFormsAreRefusedWithTheirCode(String item, String value, FaxOptError code) {
    FaxOptException e = refused(item, value);
    assertEquals(code, e.error(), e.getMessage());
    assertTrue(e.getMessage().contains(FaxOptItems.lookup(item).name()), "message names the item: " + e.getMessage());
  }

  @Test
  void v34RatesAreNamedAsUnsupported() {
    FaxOptException e = refused("maxrate", "28800");
    assertTrue(e.getMessage().contains("V.34"), e.getMessage());
  }

  @Test
  void anInvalidModemListIsRefusedNotEmptied() {
    FaxOptions options = new FaxOptions();
    assertThrows(FaxOptException.class, () -> FaxOptItems.MODEM.write(options, "v99"));
    assertEquals("V17,V27,V29", FaxOptItems.MODEM.read(FaxOptSnapshot.of(options)));
  }

  @Test
  void minrateAboveMaxrateIsRefused() {
    FaxOptions options = new FaxOptions().setMaxRate(9600);
    FaxOptItems.MIN_RATE.write(options, "14400");
    FaxOptException e = assertThrows(FaxOptException.class, options::validate);
    assertEquals(FaxOptError.INVALID_VALUE, e.error());
    assertTrue(e.getMessage().contains("minrate") && e.getMessage().contains("maxrate"), e.getMessage());
  }

  @Test
  void minrateNoAllowedModemReachesIsRefused() {
    FaxOptions options = new FaxOptions().setMinRate(9600);
    FaxOptItems.MODEM.write(options, "v27");
    FaxOptException e = assertThrows(FaxOptException.class, options::validate);
    assertEquals(FaxOptError.INVALID_VALUE, e.error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"pages", "rate", "status", "statusstr", "error", "sessionid", "remotestationid",
      "resolution", "filename", "filenames"})
  void readOnlyItemsRefuseSet(String item) {
    FaxOptException e = assertThrows(FaxOptException.class, () -> FaxOptItems.lookup(item).write(new FaxOptions(), "1"));
    assertEquals(FaxOptError.READ_ONLY, e.error());
  }

  @ParameterizedTest
  @CsvSource({"gateway,gateway", "t38gateway,gateway", "t38_gateway,gateway", "faxgateway,gateway",
      "T38Gateway,gateway", "modem,modem", "modems,modem", "MODEMS,modem", "ECM,ecm", "MaxRate,maxrate",
      "Negotiate_Both,negotiate_both"})
  void aliasesAndCaseFindTheItem(String name, String canonical) {
    assertSame(FaxOptItems.lookup(canonical), FaxOptItems.lookup(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"colour", "", "gateway2", "max rate"})
  void unknownItemsAreRefused(String name) {
    assertEquals(FaxOptError.UNKNOWN_ITEM, assertThrows(FaxOptException.class, () -> FaxOptItems.lookup(name)).error());
  }

  @Test
  void resultsReadBackAsAsteriskPrintsThem() {
    FaxResult result = new FaxResult().setPages(3).setRate(9600).setResolution("204x196")
        .setRemoteStationId("+1 555 0100").setFilenames(java.util.List.of("/tmp/a.tif", "/tmp/b.tif"))
        .setOutcome(FaxStatus.FAILED, "the receiver hung up in phase D", FaxError.HANGUP.name());
    FaxOptSnapshot s = new FaxOptSnapshot("abc", new FaxOptions(), result);
    assertEquals("3", FaxOptItems.PAGES.read(s));
    assertEquals("9600", FaxOptItems.RATE.read(s));
    assertEquals("204x196", FaxOptItems.RESOLUTION.read(s));
    assertEquals("+1 555 0100", FaxOptItems.REMOTE_STATION_ID.read(s));
    assertEquals("/tmp/a.tif", FaxOptItems.FILENAME.read(s));
    assertEquals("/tmp/a.tif,/tmp/b.tif", FaxOptItems.FILENAMES.read(s));
    assertEquals("FAILED", FaxOptItems.STATUS.read(s));
    assertEquals("HANGUP", FaxOptItems.ERROR.read(s));
    assertEquals("the receiver hung up in phase D", FaxOptItems.STATUS_STR.read(s));
  }

  @Test
  void valuesArePrintableAsciiAndWhatIsRefusedIsQuotedSafely() {
    FaxOptions o = new FaxOptions();
    for (String v : new String[] {"\u0669\u0666\u0660\u0660", "\uff11\uff10\uff10\uff10", "9600\n", "yes\r\nINFO forged"}) {
      FaxOptException e = org.junit.jupiter.api.Assertions.assertThrows(FaxOptException.class,
          () -> FaxOptItems.MAX_RATE.write(o, v), v);
      org.junit.jupiter.api.Assertions.assertEquals(FaxOptError.INVALID_VALUE, e.error());
      org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), e.getMessage());
    }
    FaxOptException header = org.junit.jupiter.api.Assertions.assertThrows(FaxOptException.class,
        () -> FaxOptItems.HEADER_INFO.write(o, "ACME\r\n2026-12-07 INFO forged line\u202e\u0000"));
    org.junit.jupiter.api.Assertions.assertTrue(header.getMessage().contains("'ACME\\u000D\\u000A2026-12-07 INFO"), header.getMessage());
    FaxOptException huge = org.junit.jupiter.api.Assertions.assertThrows(FaxOptException.class,
        () -> FaxOptItems.MIN_RATE.write(o, "9".repeat(65_000)));
    org.junit.jupiter.api.Assertions.assertTrue(huge.getMessage().length() < 300, "not echoed whole: " + huge.getMessage().length());
    org.junit.jupiter.api.Assertions.assertTrue(huge.getMessage().contains("(65000 characters)"), huge.getMessage());
    FaxOptItems.MAX_RATE.write(o, "9600");
    org.junit.jupiter.api.Assertions.assertEquals(9600, o.getMaxRate(), "ASCII digits still read");
  }
}
