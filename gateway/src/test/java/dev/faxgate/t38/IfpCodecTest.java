// Exercises IfpCodec: the worked IFP byte vectors of docs/dsp.md §2.3 in both directions and both ASN.1 versions, every enumeration value, where 1998 and 2002 differ, and every error code.
package dev.faxgate.t38;

import static dev.faxgate.t38.T38DataType.V17_14400;
import static dev.faxgate.t38.T38DataType.V21;
import static dev.faxgate.t38.T38DataType.V29_9600;
import static dev.faxgate.t38.T38DataType.V8;
import static dev.faxgate.t38.T38FieldType.HDLC_DATA;
import static dev.faxgate.t38.T38FieldType.HDLC_FCS_BAD_SIG_END;
import static dev.faxgate.t38.T38FieldType.HDLC_FCS_OK;
import static dev.faxgate.t38.T38FieldType.HDLC_FCS_OK_SIG_END;
import static dev.faxgate.t38.T38FieldType.HDLC_SIG_END;
import static dev.faxgate.t38.T38FieldType.T4_NON_ECM_DATA;
import static dev.faxgate.t38.T38FieldType.T4_NON_ECM_SIG_END;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IfpCodecTest {

  static IfpPacket ind(T38Indicator i) {
    return new IfpPacket().setIndicator(i);
  }

  static IfpPacket data(T38DataType t) {
    return new IfpPacket().setData(t);
  }

  static byte[] x(String hex) {
    return Hex.bytes(hex);
  }

  static String encode(IfpPacket p, int version) {
    byte[] out = new byte[256];
    int n = IfpCodec.encode(p, version, out, 0);
    return n < 0 ? IfpCodec.describe(n) : Hex.of(out, 0, n);
  }

  /** docs/dsp.md §2.3 (description, packet, 2002 hex, 1998 hex or null when version 0 lacks it). */
  static Stream<Arguments> workedVectors() {
    return Stream.of(
        Arguments.of("no-signal", ind(T38Indicator.NO_SIGNAL), "00", "00"),
        Arguments.of("cng", ind(T38Indicator.CNG), "02", "02"),
        Arguments.of("ced", ind(T38Indicator.CED), "04", "04"),
        Arguments.of("v21-preamble", ind(T38Indicator.V21_PREAMBLE), "06", "06"),
        Arguments.of("v27-4800-training", ind(T38Indicator.V27_4800_TRAINING), "0A", "0A"),
        Arguments.of("v29-9600-training", ind(T38Indicator.V29_9600_TRAINING), "0E", "0E"),
        Arguments.of("v17-14400-short", ind(T38Indicator.V17_14400_SHORT_TRAINING), "1C", "1C"),
        Arguments.of("v17-14400-long", ind(T38Indicator.V17_14400_LONG_TRAINING), "1E", "1E"),
        // D=0 C=0 E=1, '0', 6-bit extension index: 0010 0000 | 00 pad
        Arguments.of("v8-ansam", ind(T38Indicator.V8_ANSAM), "20 00", null),
        // 0 0 1 0 000110 -> 0010 0001 | 10 pad
        Arguments.of("v33-14400-training", ind(T38Indicator.V33_14400_TRAINING), "21 80", null),
        // C0: D=1 C=1 E=0 v21=0000 pad | 01 one element | 80: P=1 (2002: E=0) type 000 pad
        // | 00 02: length-1 | data
        Arguments.of("V.21 hdlc-data FF C8 01", data(V21).addField(HDLC_DATA, x("FF C8 01"), 0, 3),
            "C0 | 01 | 80 | 00 02 | FF C8 01", "C0 | 01 | 80 | 00 02 | FF C8 01"),
        // 2002: P=0 E=0 010 -> 00010 000 = 10;  1998: P=0 010 -> 0010 0000 = 20
        Arguments.of("V.21 hdlc-fcs-OK", data(V21).addField(HDLC_FCS_OK), "C0 01 10", "C0 01 20"),
        // 2002: 0 0 100 -> 20;  1998: 0 100 -> 40
        Arguments.of("V.21 hdlc-fcs-OK-sig-end", data(V21).addField(HDLC_FCS_OK_SIG_END),
            "C0 01 20", "C0 01 40"),
        // 2002: 0 0 001 -> 08;  1998: 0 001 -> 10
        Arguments.of("V.21 hdlc-sig-end", data(V21).addField(HDLC_SIG_END), "C0 01 08", "C0 01 10"),
        Arguments.of("V.21 [hdlc-data 03, hdlc-fcs-OK]",
            data(V21).addField(HDLC_DATA, x("03"), 0, 1).addField(HDLC_FCS_OK),
            "C0 02 | 80 00 00 03 | 10", "C0 02 | 80 00 00 03 | 20"),
        // strict PER packs data-less elements: 2002 00010|00001|pad = 10 40; 1998 0010|0001 = 21
        Arguments.of("V.21 [hdlc-fcs-OK, hdlc-sig-end]",
            data(V21).addField(HDLC_FCS_OK).addField(HDLC_SIG_END), "C0 02 10 40", "C0 02 21"),
        // C8: D=1 C=1 E=0 v29-9600=0100 pad; 2002 B0 = 1 0 110 pad; 1998 E0 = 1 110 pad
        Arguments.of("V.29 9600 t4-non-ecm-data 00 00",
            data(V29_9600).addField(T4_NON_ECM_DATA, x("00 00"), 0, 2),
            "C8 01 | B0 | 00 01 | 00 00", "C8 01 | E0 | 00 01 | 00 00"),
        Arguments.of("V.29 9600 t4-non-ecm-sig-end", data(V29_9600).addField(T4_NON_ECM_SIG_END),
            "C8 01 38", "C8 01 70"),
        // D0: v17-14400 = 1000; 2002: 0 0 101 = 28; 1998: 0 101 = 50
        Arguments.of("V.17 14400 hdlc-fcs-BAD-sig-end", data(V17_14400).addField(HDLC_FCS_BAD_SIG_END),
            "D0 01 28", "D0 01 50"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workedVectors")
  void workedVectorEncodes(String what, IfpPacket p, String hex2002, String hex1998) {
    for (int v = 1; v <= 3; v++) {
      assertEquals(Hex.norm(hex2002), encode(p, v), what + " version " + v);
    }
    assertEquals(hex1998 == null ? IfpCodec.describe(IfpCodec.ERR_NOT_IN_VERSION) : Hex.norm(hex1998),
        encode(p, 0), what + " version 0");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workedVectors")
  void workedVectorDecodes(String what, IfpPacket p, String hex2002, String hex1998) {
    IfpPacket got = new IfpPacket();
    byte[] b = x(hex2002);
    assertEquals(IfpCodec.OK, IfpCodec.decode(b, 0, b.length, 3, got), what);
    assertTrue(p.sameContent(got), what + ": " + got);
    if (hex1998 != null) {
      b = x(hex1998);
      assertEquals(IfpCodec.OK, IfpCodec.decode(b, 0, b.length, 0, got), what);
      assertTrue(p.sameContent(got), what + ": " + got);
    } else {
      assertEquals(IfpCodec.ERR_NOT_IN_VERSION, IfpCodec.decode(b, 0, b.length, 0, got), what);
    }
  }

  @Test
  void decodedFieldRefersIntoTheBuffer() {
    byte[] b = x("77 77 C0 01 80 00 02 FF C8 01 77");
    IfpPacket p = new IfpPacket();
    assertEquals(IfpCodec.OK, IfpCodec.decode(b, 2, 8, 0, p));
    assertSame(b, p.fieldArray(0));
    assertEquals(7, p.fieldOffset(0));
    assertEquals(3, p.fieldLength(0));
    assertEquals("v21 [hdlc-data(3)]", p.toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void everyIndicatorRoundTrips(int version) {
    for (T38Indicator i : T38Indicator.values()) {
      String expect = i.isExtension()
          ? Hex.of(new byte[] {(byte) (0x20 | i.perIndex() >> 2), (byte) ((i.perIndex() & 3) << 6)})
          : Hex.of(new byte[] {(byte) (i.perIndex() << 1)});
      if (!i.inVersion(version)) {
        assertEquals(IfpCodec.describe(IfpCodec.ERR_NOT_IN_VERSION), encode(ind(i), version), i.name());
        byte[] b = x(expect);
        assertEquals(IfpCodec.ERR_NOT_IN_VERSION, IfpCodec.decode(b, 0, b.length, version, new IfpPacket()));
        continue;
      }
      assertEquals(expect, encode(ind(i), version), i.name());
      roundTrip(ind(i), version);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void everyDataAndFieldTypeRoundTrips(int version) {
    byte[] payload = x("01 02 03 04 05");
    for (T38DataType t : T38DataType.values()) {
      for (T38FieldType f : T38FieldType.values()) {
        for (int n : new int[] {0, 1, 5}) {
          IfpPacket p = data(t).addField(f, payload, 0, n);
          byte[] out = new byte[64];
          int len = IfpCodec.encode(p, version, out, 0);
          if (!t.inVersion(version) || !f.inVersion(version)) {
            assertEquals(IfpCodec.ERR_NOT_IN_VERSION, len, t + " " + f);
            continue;
          }
          // header 1 or 2, count 1, element 1 or 2 octets, then 2 + n when there is data
          int expect = (t.isExtension() ? 2 : 1) + 1 + (f.isExtension() ? 2 : 1) + (n > 0 ? 2 + n : 0);
          assertEquals(expect, len, t + " " + f + " " + n);
          roundTrip(p, version);
        }
      }
    }
  }

  @Test
  void everyFieldTypeAfterADatalessElementRoundTrips() {
    for (int version = 0; version <= 3; version++) {
      for (T38FieldType a : T38FieldType.values()) {
        for (T38FieldType b : T38FieldType.values()) {
          if (a.inVersion(version) && b.inVersion(version)) {
            roundTrip(data(V21).addField(a).addField(b, x("AA"), 0, 1).addField(a), version);
          }
        }
      }
    }
  }

  static void roundTrip(IfpPacket p, int version) {
    byte[] out = new byte[300];
    int n = IfpCodec.encode(p, version, out, 0);
    assertTrue(n > 0, p + " v" + version + ": " + IfpCodec.describe(n));
    IfpPacket back = new IfpPacket();
    assertEquals(IfpCodec.OK, IfpCodec.decode(out, 0, n, version, back), p + " v" + version);
    assertTrue(p.sameContent(back), p + " v" + version + " came back as " + back);
    assertEquals(n, IfpCodec.measure(out, 0, n, version));
  }

  @Test
  void extendedFieldTypesAreStrictPer() {
    // E0 00: D=1 C=1 E=1 '0' v8=000000 | 01 | C0 00: P=1 E=1 '0' cm=000000 pad | 00 01 | 31 32
    IfpPacket cm = data(V8).addField(T38FieldType.CM_MESSAGE, x("31 32"), 0, 2);
    assertEquals(Hex.norm("E0 00 | 01 | C0 00 | 00 01 | 31 32"), encode(cm, 3));
    // jm = 000001: P=1 E=1 '0' 00000 | 1 pad -> C0 80 (spandsp 0.0.6 writes C0 40: one more 0 bit)
    IfpPacket jm = data(V8).addField(T38FieldType.JM_MESSAGE, x("41 30"), 0, 2);
    assertEquals(Hex.norm("E0 00 | 01 | C0 80 | 00 01 | 41 30"), encode(jm, 2));
    // v34rate = 000011 without data: 0 1 0 00001 | 1 pad -> 41 80
    IfpPacket rate = data(T38DataType.V34_PRI_RATE).addField(T38FieldType.V34RATE);
    assertEquals(Hex.norm("E0 40 | 01 | 41 80"), encode(rate, 1));
    roundTrip(cm, 3);
    roundTrip(jm, 3);
    roundTrip(rate, 3);
  }

  /** The same IFP differs between 1998 and 2002 exactly where the field-type is coded. */
  @Test
  void versionZeroAndLaterDifferOnlyInFieldTypes() {
    // Type-of-msg is the same ENUMERATED with "..." in both modules: indicators never differ.
    for (T38Indicator i : T38Indicator.values()) {
      if (!i.isExtension()) {
        assertEquals(encode(ind(i), 0), encode(ind(i), 3));
      }
    }
    // A data packet without data-field has no field-type: same.
    assertEquals("40", encode(data(V21).setDataFieldPresent(false), 0));
    assertEquals("40", encode(data(V21), 3));
    // field-type: 1998 "P ttt", 2002 "P E ttt" -> every element header differs
    IfpPacket p = data(V21).addField(HDLC_DATA, x("03"), 0, 1);
    assertEquals(encode(p, 0), encode(p, 3)); // hdlc-data with data: P=1 then 000/0000: both 80
    p = data(V21).addField(HDLC_FCS_OK);
    assertNotEquals(encode(p, 0), encode(p, 3)); // 20 vs 10
    // 2002's E bit shifts the packing of data-less elements: 21 (two 4-bit) vs 10 40 (two 5-bit)
    p = data(V21).addField(HDLC_FCS_OK).addField(HDLC_SIG_END);
    assertEquals("C0 02 21", encode(p, 0));
    assertEquals("C0 02 10 40", encode(p, 3));
    // Reading 2002 hdlc-fcs-OK-sig-end (20) as 1998 gives hdlc-fcs-OK: the field-type is the only
    // part whose reading depends on the negotiated version.
    IfpPacket got = new IfpPacket();
    assertEquals(IfpCodec.OK, IfpCodec.decode(x("C0 01 20"), 0, 3, 0, got));
    assertSame(HDLC_FCS_OK, got.fieldType(0));
    assertEquals(IfpCodec.OK, IfpCodec.decode(x("C0 01 20"), 0, 3, 1, got));
    assertSame(HDLC_FCS_OK_SIG_END, got.fieldType(0));
  }

  @Test
  void dataFieldEdgeCasesRoundTrip() {
    // An indicator with a (valid but unusual) empty data-field: 80 = D=1 C=0 no-signal, 00 = count 0
    IfpPacket p = ind(T38Indicator.CNG).setDataFieldPresent(true);
    assertEquals("82 00", encode(p, 3));
    roundTrip(p, 3);
    // 200 elements: the count takes the 2-octet length form 80 C8
    IfpPacket many = new IfpPacket(200).setData(V21);
    for (int i = 0; i < 200; i++) {
      many.addField(HDLC_SIG_END);
    }
    byte[] out = new byte[300];
    int n = IfpCodec.encode(many, 0, out, 0);
    assertEquals(1 + 2 + 100, n);
    assertEquals("C0 80 C8 11", Hex.of(out, 0, 4));
    IfpPacket back = new IfpPacket(200);
    assertEquals(IfpCodec.OK, IfpCodec.decode(out, 0, n, 0, back));
    assertTrue(many.sameContent(back));
    // 65535 octets of field-data: length field FF FE
    byte[] big = new byte[65535];
    big[65534] = 7;
    IfpPacket huge = data(V17_14400).addField(T4_NON_ECM_DATA, big, 0, big.length);
    out = new byte[70000];
    n = IfpCodec.encode(huge, 3, out, 0);
    assertEquals(3 + 2 + 65535, n);
    assertEquals("FF FE", Hex.of(out, 3, 2));
    assertEquals(IfpCodec.OK, IfpCodec.decode(out, 0, n, 3, back));
    assertTrue(huge.sameContent(back));
  }

  @Test
  void errorCodes() {
    IfpPacket p = new IfpPacket(2);
    assertEquals(IfpCodec.ERR_TRUNCATED, dec("", 3, p));
    assertEquals(IfpCodec.ERR_TRUNCATED, dec("20", 3, p)); // extension needs a second octet
    assertEquals(IfpCodec.ERR_TRUNCATED, dec("C0", 3, p)); // no count
    assertEquals(IfpCodec.ERR_BAD_LENGTH, dec("C0 01", 3, p)); // 1 element announced, no bit left
    assertEquals(IfpCodec.ERR_TRUNCATED, dec("C0 01 80 00 02 FF C8", 3, p)); // 3 octets announced, 2 present
    assertEquals(IfpCodec.ERR_TRUNCATED, dec("C0 01 80 00", 3, p)); // half a length
    assertEquals(IfpCodec.ERR_TRUNCATED, dec("C0 81", 3, p)); // half a 2-octet count
    assertEquals(IfpCodec.ERR_TRUNCATED, dec("C0 01 40", 3, p)); // extended field-type cut short
    assertEquals(IfpCodec.ERR_TRAILING, dec("02 00", 3, p));
    assertEquals(IfpCodec.ERR_TRAILING, dec("C0 01 10 00", 3, p));
    assertEquals(IfpCodec.ERR_UNKNOWN_ENUM, dec("52", 3, p)); // data, root index 9: only 0..8 exist
    assertEquals(IfpCodec.ERR_UNKNOWN_ENUM, dec("21 C0", 3, p)); // indicator extension 7: only 0..6
    assertEquals(IfpCodec.ERR_UNKNOWN_ENUM, dec("61 80", 3, p)); // data extension 6: only 0..5
    assertEquals(IfpCodec.ERR_UNKNOWN_ENUM, dec("30 00", 3, p)); // extension index >= 64
    assertEquals(IfpCodec.ERR_UNKNOWN_ENUM, dec("C0 01 42 00", 3, p)); // field-type extension 4
    assertEquals(IfpCodec.ERR_UNKNOWN_ENUM, dec("C0 01 60 00", 3, p)); // field-type extension >= 64
    assertEquals(IfpCodec.ERR_NOT_IN_VERSION, dec("20 00", 0, p)); // v8-ansam in 1998
    assertEquals(IfpCodec.ERR_NOT_IN_VERSION, dec("E0 00 01 00", 0, p)); // v8 data in 1998
    assertEquals(IfpCodec.ERR_BAD_LENGTH, dec("C0 05 10", 3, p)); // 5 elements cannot fit 8 bits
    assertEquals(IfpCodec.ERR_BAD_LENGTH, dec("C0 C1 10", 3, p)); // fragmented count
    assertEquals(IfpCodec.ERR_TOO_MANY_FIELDS, dec("C0 03 08 42 10", 3, p)); // 3 > capacity 2
    assertEquals(IfpCodec.ERR_BAD_VERSION, dec("02", 4, p));
    assertEquals(IfpCodec.ERR_BAD_VERSION, dec("02", -1, p));
    assertEquals(IfpCodec.ERR_BAD_ARGUMENT, IfpCodec.decode(null, 0, 1, 3, p));
    assertEquals(IfpCodec.ERR_BAD_ARGUMENT, IfpCodec.decode(new byte[2], 1, 2, 3, p));
    assertEquals(IfpCodec.ERR_BAD_ARGUMENT, IfpCodec.decode(new byte[2], -1, 1, 3, p));
    assertEquals(IfpCodec.ERR_BAD_ARGUMENT, IfpCodec.decode(new byte[2], 0, 1, 3, null));
    // after an error the holder is reset
    assertTrue(p.isIndicator());
    assertEquals(0, p.fieldCount());
    assertFalse(p.hasDataField());

    byte[] small = new byte[4];
    IfpPacket hdlc = data(V21).addField(HDLC_DATA, x("FF C8 01"), 0, 3);
    assertEquals(IfpCodec.ERR_NO_SPACE, IfpCodec.encode(hdlc, 3, small, 0));
    assertEquals(IfpCodec.ERR_NO_SPACE, IfpCodec.encode(ind(T38Indicator.CNG), 3, small, 4));
    assertEquals(IfpCodec.ERR_NO_SPACE, IfpCodec.encode(ind(T38Indicator.V8_ANSAM), 3, small, 3));
    assertEquals(IfpCodec.ERR_BAD_ARGUMENT, IfpCodec.encode(hdlc, 3, small, 5));
    assertEquals(IfpCodec.ERR_BAD_ARGUMENT, IfpCodec.encode(null, 3, small, 0));
    assertEquals(IfpCodec.ERR_BAD_VERSION, IfpCodec.encode(hdlc, 9, small, 0));
  }

  private static int dec(String hex, int version, IfpPacket p) {
    byte[] b = x(hex);
    return IfpCodec.decode(b, 0, b.length, version, p);
  }

  @Test
  void measureIgnoresWhatFollows() {
    assertEquals(1, IfpCodec.measure(x("00 00 00 00"), 0, 4, 0));
    assertEquals(7, IfpCodec.measure(x("C0 01 80 00 01 AB CD 00 00"), 0, 9, 3));
    assertEquals(4, IfpCodec.measure(x("C0 02 10 40 00"), 0, 5, 3));
    assertEquals(3, IfpCodec.measure(x("C0 02 21 00"), 0, 4, 0));
    assertEquals(IfpCodec.ERR_TRUNCATED, IfpCodec.measure(x("C0 01 80 00 05 AB"), 0, 6, 3));
  }

  @Test
  void enumTablesMatchTheAsn1() {
    assertEquals(16 + 7, T38Indicator.values().length);
    assertEquals(9 + 6, T38DataType.values().length);
    assertEquals(8 + 4, T38FieldType.values().length);
    assertSame(T38Indicator.V17_14400_LONG_TRAINING, T38Indicator.fromPer(false, 15));
    assertSame(T38Indicator.V8_ANSAM, T38Indicator.fromPer(true, 0));
    assertSame(T38Indicator.V33_14400_TRAINING, T38Indicator.fromPer(true, 6));
    assertNull(T38Indicator.fromPer(true, 7));
    assertSame(T38DataType.V17_14400, T38DataType.fromPer(false, 8));
    assertNull(T38DataType.fromPer(false, 9));
    assertSame(T38DataType.V33_14400, T38DataType.fromPer(true, 5));
    assertSame(T4_NON_ECM_SIG_END, T38FieldType.fromPer(false, 7));
    assertSame(T38FieldType.V34RATE, T38FieldType.fromPer(true, 3));
    assertNull(T38FieldType.fromPer(true, 4));
    assertEquals("v34-CC-retrain", T38Indicator.V34_CC_RETRAIN.asn1Name());
    assertEquals("hdlc-fcs-BAD-sig-end", HDLC_FCS_BAD_SIG_END.asn1Name());
    assertEquals(1, T38FieldType.CI_MESSAGE.minVersion());
    assertEquals(0, HDLC_FCS_OK.minVersion());
  }
}
