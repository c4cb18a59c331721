// Exercises IfpCodec with random input: random octets never make decode or measure throw and every decoded field lies inside the input; random valid IFPs survive encode -> decode in every version.
package dev.faxgate.t38;

import static dev.faxgate.t38.RandomBytes.bytes;
import static dev.faxgate.t38.RandomBytes.intIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random fuzzing, bounded in count: the same 5000 cases per test on every run; a failure
 * names its case index ("case N"), the N-th draw from that test's seed.
 */
class IfpCodecFuzzTest {
  private static final long SEED = 0x5EED_0002L;
  private static final int CASES = 5000;

  @Test
  void randomOctetsNeverThrowAndStayInside() {
    SplittableRandom r = new SplittableRandom(SEED);
    for (int c = 0; c < CASES; c++) {
      byte[] bytes = bytes(r, 0, 600);
      int version = intIn(r, 0, 3);
      int pad = intIn(r, 0, 7);
      String at = "case " + c + ": ";
      try {
        randomOctetsNeverThrowAndStayInside(at, bytes, version, pad);
      } catch (RuntimeException e) {
        throw new AssertionError(at + "threw " + e, e);
      }
    }
  }

  private static void randomOctetsNeverThrowAndStayInside(String at, byte[] bytes, int version, int pad) {
    // place the input at an offset inside a larger array, with guard octets on both sides
    byte[] buf = new byte[bytes.length + 2 * pad];
    java.util.Arrays.fill(buf, (byte) 0x5A);
    System.arraycopy(bytes, 0, buf, pad, bytes.length);
    IfpPacket p = new IfpPacket(8);
    int status = IfpCodec.decode(buf, pad, bytes.length, version, p);
    int measured = IfpCodec.measure(buf, pad, bytes.length, version);
    assertTrue(measured <= bytes.length, at + "measure is never past the input");
    if (status != IfpCodec.OK) {
      assertTrue(status < 0, at + "a failed decode returns an error code");
      assertEquals(0, p.fieldCount(), at + "a failed decode leaves no fields");
      return;
    }
    assertEquals(bytes.length, measured, at + "measure agrees with decode");
    for (int i = 0; i < p.fieldCount(); i++) {
      assertTrue(p.fieldArray(i) == buf, at + "field " + i + " points into the input");
      assertTrue(p.fieldOffset(i) >= pad, at + "field starts inside");
      assertTrue(p.fieldOffset(i) + p.fieldLength(i) <= pad + bytes.length, at + "field ends inside");
      assertTrue(p.fieldType(i).inVersion(version), at + "field " + i + " type is in the version");
    }
    // what decoded re-encodes (canonically) to the same content
    byte[] out = new byte[bytes.length + 8];
    int n = IfpCodec.encode(p, version, out, 0);
    assertTrue(n > 0 && n <= bytes.length, at + "re-encoding is never longer");
    IfpPacket again = new IfpPacket(8);
    assertEquals(IfpCodec.OK, IfpCodec.decode(out, 0, n, version, again), at + "re-encoding decodes");
    assertTrue(p.sameContent(again), () -> at + p + " re-encoded came back as " + again);
  }

  @Test
  void validPacketsRoundTrip() {
    SplittableRandom r = new SplittableRandom(SEED + 1);
    for (int c = 0; c < CASES; c++) {
      int version = intIn(r, 0, 3);
      boolean data = r.nextBoolean();
      int type = intIn(r, 0, 22);
      boolean dataField = r.nextBoolean();
      int[] fieldTypes = new int[intIn(r, 0, 12)];
      for (int i = 0; i < fieldTypes.length; i++) {
        fieldTypes[i] = intIn(r, 0, 11);
      }
      byte[][] fieldData = new byte[intIn(r, 0, 12)][];
      for (int i = 0; i < fieldData.length; i++) {
        fieldData[i] = bytes(r, 0, 300);
      }
      String at = "case " + c + ": ";
      try {
        validPacketsRoundTrip(at, version, data, type, dataField, fieldTypes, fieldData);
      } catch (RuntimeException e) {
        throw new AssertionError(at + "threw " + e, e);
      }
    }
  }

  private static void validPacketsRoundTrip(String at, int version, boolean data, int type,
      boolean dataField, int[] fieldTypes, byte[][] fieldData) {
    IfpPacket p = new IfpPacket(12);
    if (data) {
      T38DataType t = T38DataType.values()[type % T38DataType.values().length];
      p.setData(version == 0 && t.isExtension() ? T38DataType.fromPer(false, t.perIndex()) : t);
    } else {
      T38Indicator t = T38Indicator.values()[type];
      p.setIndicator(version == 0 && t.isExtension() ? T38Indicator.fromPer(false, t.perIndex()) : t);
    }
    p.setDataFieldPresent(dataField);
    for (int i = 0; i < fieldTypes.length; i++) {
      T38FieldType f = T38FieldType.values()[fieldTypes[i]];
      if (version == 0 && f.isExtension()) {
        f = T38FieldType.fromPer(false, f.perIndex());
      }
      byte[] d = i < fieldData.length ? fieldData[i] : new byte[0];
      p.addField(f, d, 0, d.length);
    }
    byte[] out = new byte[4200];
    int n = IfpCodec.encode(p, version, out, 0);
    assertTrue(n > 0, () -> at + IfpCodec.describe(n));
    IfpPacket back = new IfpPacket(12);
    assertEquals(IfpCodec.OK, IfpCodec.decode(out, 0, n, version, back), () -> at + p);
    assertTrue(p.sameContent(back), () -> at + p + " came back as " + back);
    assertEquals(n, IfpCodec.measure(out, 0, n, version), at + "measure agrees with encode");
    // and measure sees through zero padding, as an IFP rebuilt from FEC has
    assertEquals(n, IfpCodec.measure(out, 0, n + 17, version), at + "measure sees through zero padding");
    // one octet short is never a valid IFP
    assertTrue(IfpCodec.decode(out, 0, n - 1, version, back) < 0, at + "one octet short is never a valid IFP");
  }
}
