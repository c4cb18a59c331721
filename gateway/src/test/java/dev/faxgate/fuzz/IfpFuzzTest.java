package dev.faxgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import java.util.Arrays;

/**
 * Coverage-guided fuzz target for the T.38 IFP codec (aligned PER, both ASN.1 modules). The
 * input's first octet picks the T.38 version (low 2 bits) and a one-field holder (bit 2); the rest
 * is the IFP.
 *
 * <p>Properties: decoding never throws and answers OK or a documented code (too many fields only
 * when there are more than the holder takes); a decoded IFP measures exactly its length, re-encodes to at most as many
 * octets, the re-encoding decodes to the same content and re-encodes to itself; versions 1, 2 and 3
 * (one ASN.1 module) decode the same octets the same way.
 */
class IfpFuzzTest {
  private static final IfpPacket[] BY_VERSION = {new IfpPacket(), new IfpPacket(), new IfpPacket(), new IfpPacket()};

  @FuzzTest
  void ifp(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int version = input[0] & 3;
    boolean small = (input[0] & 4) != 0;
    int off = 1;
    int len = input.length - 1;
    IfpPacket p = small ? new IfpPacket(1) : new IfpPacket();
    int status = IfpCodec.decode(input, off, len, version, p);
    int measured = IfpCodec.measure(input, off, len, version);
    if (status != IfpCodec.OK) {
      assertTrue(status >= IfpCodec.ERR_TOO_MANY_FIELDS && status < 0, "documented code " + status);
      assertTrue(status != IfpCodec.ERR_TOO_MANY_FIELDS || small || len * 8L >= (IfpPacket.DEFAULT_MAX_FIELDS + 1) * 4L,
          "too many fields only for more elements than the holder takes");
      assertTrue(measured <= len, "measure stays inside");
      assertTrue(p.isIndicator() && !p.hasDataField() && p.fieldCount() == 0, "a failed decode resets the holder");
    } else {
      assertEquals(len, measured, "a decoded IFP measures its length");
      assertTrue(p.toString().indexOf('\n') < 0);
      byte[] out = new byte[len];
      int m = IfpCodec.encode(p, version, out, 0);
      assertTrue(m > 0 && m <= len, "re-encoding " + m + " octets of " + len);
      IfpPacket q = new IfpPacket();
      assertEquals(IfpCodec.OK, IfpCodec.decode(out, 0, m, version, q), "the re-encoding decodes");
      assertTrue(p.sameContent(q), "same content: " + p + " / " + q);
      byte[] again = new byte[m];
      assertEquals(m, IfpCodec.encode(q, version, again, 0));
      assertArrayEquals(Arrays.copyOf(out, m), again, "the re-encoding is canonical");
      for (int i = 0; i < p.fieldCount(); i++) {
        assertTrue(p.fieldOffset(i) >= off && p.fieldOffset(i) + p.fieldLength(i) <= off + len, "field inside");
      }
      // too small an output never writes past its end nor claims success
      if (m > 1) {
        byte[] tight = new byte[m - 1];
        assertEquals(IfpCodec.ERR_NO_SPACE, IfpCodec.encode(p, version, tight, 0));
      }
    }
    if (!small) {
      for (int v = 1; v <= IfpCodec.MAX_VERSION; v++) {
        int s = IfpCodec.decode(input, off, len, v, BY_VERSION[v]);
        if (v > 1) {
          assertEquals(IfpCodec.decode(input, off, len, 1, BY_VERSION[1]), s, "versions 1..3 read alike");
          assertTrue(BY_VERSION[1].sameContent(BY_VERSION[v]), "versions 1..3 read alike");
        }
      }
    }
  }
}
