// Exercises IfpCodec with random input (jqwik): random octets never make decode or measure throw and every decoded field lies inside the input; random valid IFPs survive encode -> decode in every version.
package dev.faxgate.t38;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class IfpCodecFuzzTest {

  @Property(tries = 5000)
  void randomOctetsNeverThrowAndStayInside(@ForAll @Size(max = 600) byte[] bytes,
      @ForAll @IntRange(max = 3) int version, @ForAll @IntRange(max = 7) int pad) {
    // place the input at an offset inside a larger array, with guard octets on both sides
    byte[] buf = new byte[bytes.length + 2 * pad];
    java.util.Arrays.fill(buf, (byte) 0x5A);
    System.arraycopy(bytes, 0, buf, pad, bytes.length);
    IfpPacket p = new IfpPacket(8);
    int status = IfpCodec.decode(buf, pad, bytes.length, version, p);
    int measured = IfpCodec.measure(buf, pad, bytes.length, version);
    assertTrue(measured <= bytes.length);
    if (status != IfpCodec.OK) {
      assertTrue(status < 0);
      assertEquals(0, p.fieldCount());
      return;
    }
    assertEquals(bytes.length, measured);
    for (int i = 0; i < p.fieldCount(); i++) {
      assertTrue(p.fieldArray(i) == buf);
      assertTrue(p.fieldOffset(i) >= pad, "field starts inside");
      assertTrue(p.fieldOffset(i) + p.fieldLength(i) <= pad + bytes.length, "field ends inside");
      assertTrue(p.fieldType(i).inVersion(version));
    }
    // what decoded re-encodes (canonically) to the same content
    byte[] out = new byte[bytes.length + 8];
    int n = IfpCodec.encode(p, version, out, 0);
    assertTrue(n > 0 && n <= bytes.length, "re-encoding is never longer");
    IfpPacket again = new IfpPacket(8);
    assertEquals(IfpCodec.OK, IfpCodec.decode(out, 0, n, version, again));
    assertTrue(p.sameContent(again));
  }

  @Property(tries = 5000)
  void validPacketsRoundTrip(@ForAll @IntRange(max = 3) int version, @ForAll boolean data,
      @ForAll @IntRange(max = 22) int type, @ForAll boolean dataField,
      @ForAll @Size(max = 12) List<@IntRange(max = 11) Integer> fieldTypes,
      @ForAll @Size(max = 12) List<@Size(max = 300) byte[]> fieldData) {
    IfpPacket p = new IfpPacket(12);
    if (data) {
      T38DataType t = T38DataType.values()[type % T38DataType.values().length];
      p.setData(version == 0 && t.isExtension() ? T38DataType.fromPer(false, t.perIndex()) : t);
    } else {
      T38Indicator t = T38Indicator.values()[type];
      p.setIndicator(version == 0 && t.isExtension() ? T38Indicator.fromPer(false, t.perIndex()) : t);
    }
    p.setDataFieldPresent(dataField);
    for (int i = 0; i < fieldTypes.size(); i++) {
      T38FieldType f = T38FieldType.values()[fieldTypes.get(i)];
      if (version == 0 && f.isExtension()) {
        f = T38FieldType.fromPer(false, f.perIndex());
      }
      byte[] d = i < fieldData.size() ? fieldData.get(i) : new byte[0];
      p.addField(f, d, 0, d.length);
    }
    byte[] out = new byte[4200];
    int n = IfpCodec.encode(p, version, out, 0);
    assertTrue(n > 0, IfpCodec.describe(n));
    IfpPacket back = new IfpPacket(12);
    assertEquals(IfpCodec.OK, IfpCodec.decode(out, 0, n, version, back), p.toString());
    assertTrue(p.sameContent(back), p + " came back as " + back);
    assertEquals(n, IfpCodec.measure(out, 0, n, version));
    // and measure sees through zero padding, as an IFP rebuilt from FEC has
    assertEquals(n, IfpCodec.measure(out, 0, n + 17, version));
    // one octet short is never a valid IFP
    assertTrue(IfpCodec.decode(out, 0, n - 1, version, back) < 0);
  }
}
