package dev.faxgate.hdlc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.modem.BitSource;
import dev.faxgate.modem.ModemStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HDLC transmitter and receiver, bit by bit without a modem: the exact line bits of a DCN frame
 * (flags, LSB-first octets, stuffing across octet boundaries, FCS low octet first), stuffing of
 * flag- and abort-like content, back-to-back frames with one flag between them, aborts, bad FCS,
 * the flag-sync threshold and the length limit.
 */
class HdlcTest {
  /** What an HdlcRx delivered. */
  static final class Collector implements HdlcFrameHandler {
    final List<byte[]> good = new ArrayList<>();
    final List<byte[]> bad = new ArrayList<>();
    final List<ModemStatus> events = new ArrayList<>();

    @Override
    public void frame(byte[] frame, int len, boolean crcOk) {
      (crcOk ? good : bad).add(Arrays.copyOf(frame, len));
    }

    @Override
    public void status(ModemStatus status) {
      events.add(status);
    }
  }

  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  /** All bits the transmitter sends until end of data, as a 0/1 string. */
  private static String drain(HdlcTx tx) {
    StringBuilder s = new StringBuilder();
    for (int bit; (bit = tx.getBit()) != BitSource.END_OF_DATA; ) {
      s.append(bit);
      if (s.length() > 1_000_000) {
        throw new AssertionError("no end of data");
      }
    }
    return s.toString();
  }

  private static void feed(HdlcRx rx, String bits) {
    for (int i = 0; i < bits.length(); i++) {
      rx.putBit(bits.charAt(i) - '0');
    }
  }

  @Test
  void dcnLineBits() {
    HdlcTx tx = new HdlcTx(1, 400);
    tx.sendFrame(bytes(0xFF, 0x13, 0xFA), 0, 3);
    tx.end();
    String expected = String.join("",
        "01111110",        // opening flag 0x7E
        "11111" + "0",     // FF: five 1s, stuffed 0 ...
        "111",             // ... and its last three 1s
        "11" + "0",        // 13 = 1,1,0,0,1,0,0,0 LSB first: two more 1s make five, stuffed 0 ...
        "001000",          // ... then the rest of 13
        "01011111" + "0",  // FA = 0,1,0,1,1,1,1,1: five 1s at the end, stuffed 0
        "11001000",        // FCS low octet 13
        "11100111",        // FCS high octet E7
        "01111110");       // closing flag
    assertEquals(expected, drain(tx));
    assertEquals(1, tx.framesSent());
  }

  @Test
  void preambleFlagsThenFramesWithOneFlagBetween() {
    HdlcTx tx = new HdlcTx();
    byte[] cfr = bytes(0xFF, 0x13, 0x84);
    tx.sendFrame(cfr, 0, 3);
    tx.sendFrame(cfr, 0, 3);
    tx.end();
    String bits = drain(tx);
    String flag = "01111110";
    assertTrue(bits.startsWith(flag.repeat(37)), "37 preamble flags");
    assertFalse(bits.startsWith(flag.repeat(38)), "not 38");
    String body = bits.substring(37 * 8);
    // frame, one flag, frame, closing flag: both frames have the same (stuffed) bits
    int firstFlag = body.indexOf(flag);
    String frameBits = body.substring(0, firstFlag);
    assertEquals(frameBits + flag + frameBits + flag, body);
  }

  @Test
  void roundTripBackToBackWithFlagAndAbortLikeContent() {
    List<byte[]> frames = List.of(
        bytes(0xFF, 0x03, 0x7E, 0x7E, 0x7E),               // flags inside: stuffed
        bytes(0xFF, 0x13, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE),   // long runs of 1s
        bytes(0xFF, 0x13, 0x00, 0x00),
        bytes(0xFF, 0x13, 0xFA));
    HdlcTx tx = new HdlcTx(5, 400);
    for (byte[] f : frames) {
      assertTrue(tx.sendFrame(f, 0, f.length));
    }
    tx.end();
    String bits = drain(tx);
    assertFalse(bits.contains("1111111"), "no seven 1s on the line");
    Collector c = new Collector();
    HdlcRx rx = new HdlcRx(c);
    feed(rx, bits);
    assertEquals(frames.size(), c.good.size());
    for (int i = 0; i < frames.size(); i++) {
      assertArrayEquals(frames.get(i), c.good.get(i));
    }
    assertEquals(0, rx.badFrames());
    assertEquals(List.of(ModemStatus.FRAMING_OK), c.events);
    assertEquals(5 + 7 + 4 + 3, rx.goodOctets());
  }

  @Test
  void frameSourceIsAskedForTheNextFrameInTime() {
    byte[] f = bytes(0xFF, 0x03, 0x40, 0x20, 0x20);
    int[] asked = {0};
    HdlcTx tx = new HdlcTx(2, 400).frameSource(t -> {
      if (++asked[0] < 20) {
        t.sendFrame(f, 0, f.length);
      } else {
        t.end();
      }
    });
    tx.sendFrame(f, 0, f.length);
    Collector c = new Collector();
    HdlcRx rx = new HdlcRx(c, 2, 400);
    feed(rx, drain(tx));
    assertEquals(20, c.good.size());
    assertEquals(20, tx.framesSent());
  }

  @Test
  void queueIsBoundedAndLengthChecked() {
    HdlcTx tx = new HdlcTx(1, 10);
    byte[] f = new byte[10];
    for (int i = 0; i < HdlcTx.QUEUE_FRAMES; i++) {
      assertTrue(tx.sendFrame(f, 0, 3));
    }
    assertFalse(tx.sendFrame(f, 0, 3));
    assertThrows(IllegalArgumentException.class, () -> tx.sendFrame(new byte[11], 0, 11));
    assertThrows(IllegalArgumentException.class, () -> tx.sendFrame(f, 0, 0));
  }

  @Test
  void abortCutsTheFrameAndTheNextOneArrives() {
    HdlcTx tx = new HdlcTx(5, 400);
    byte[] first = bytes(0xFF, 0x03, 0x43, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37);
    byte[] second = bytes(0xFF, 0x13, 0x84);
    tx.sendFrame(first, 0, first.length);
    tx.sendFrame(second, 0, second.length);
    tx.end();
    StringBuilder bits = new StringBuilder();
    // preamble (40 bits), then 3 octets of the first frame, then abort
    for (int i = 0; i < 40 + 26; i++) {
      bits.append(tx.getBit());
    }
    tx.abort();
    bits.append(drain(tx));
    assertTrue(bits.indexOf("11111111") > 0, "eight 1s on the line");
    Collector c = new Collector();
    HdlcRx rx = new HdlcRx(c);
    feed(rx, bits.toString());
    assertEquals(1, c.good.size());
    assertArrayEquals(second, c.good.get(0));
    assertEquals(1, rx.aborts());
    assertTrue(c.events.contains(ModemStatus.ABORT));
    assertEquals(0, rx.badFrames());
  }

  /** A frame queued as damaged reaches the receiver whole but with a bad FCS; the frames around it are good. */
  @Test
  void aDamagedFrameGoesOutWithABadFcsBetweenGoodOnes() {
    HdlcTx tx = new HdlcTx(5, 400);
    byte[] csi = bytes(0xFF, 0x03, 0x40, 0x31, 0x32);
    byte[] pps = bytes(0xFF, 0x13, 0xBF, 0x2F, 0x01, 0x00, 0x31);
    tx.sendFrame(csi, 0, csi.length);
    assertTrue(tx.sendDamagedFrame(pps, 0, pps.length));
    tx.sendFrame(csi, 0, csi.length);
    tx.end();
    Collector c = new Collector();
    HdlcRx rx = new HdlcRx(c);
    feed(rx, drain(tx));
    assertEquals(2, c.good.size());
    assertEquals(1, c.bad.size());
    assertArrayEquals(pps, c.bad.get(0), "the octets as queued, only the FCS wrong");
    assertEquals(1, rx.crcErrors());
    assertEquals(3, tx.framesSent());
  }

  @Test
  void bitErrorGivesBadFrameAndTheNextIsGood() {
    HdlcTx tx = new HdlcTx(5, 400);
    byte[] dis = bytes(0xFF, 0x13, 0x80, 0x00, 0xEE, 0xF8, 0x80, 0x80, 0x91, 0x80, 0x80, 0x80, 0x18);
    tx.sendFrame(dis, 0, dis.length);
    tx.sendFrame(dis, 0, dis.length);
    tx.end();
    char[] bits = drain(tx).toCharArray();
    int inFirstFrame = 5 * 8 + 40; // inside the DIS's FIF
    bits[inFirstFrame] = bits[inFirstFrame] == '0' ? '1' : '0';
    Collector c = new Collector();
    HdlcRx rx = new HdlcRx(c);
    feed(rx, new String(bits));
    assertEquals(1, c.good.size());
    assertEquals(1, rx.badFrames());
    assertEquals(1, rx.crcErrors() + rx.lengthErrors());
  }

  @Test
  void framesNeedTheFlagThreshold() {
    byte[] mcf = bytes(0xFF, 0x13, 0x8C);
    HdlcTx tx = new HdlcTx(3, 400);
    tx.sendFrame(mcf, 0, 3);
    tx.end();
    String bits = drain(tx);
    Collector five = new Collector();
    feed(new HdlcRx(five, 5, 400), bits);
    assertEquals(0, five.good.size(), "3 flags are not enough for 5");
    Collector three = new Collector();
    feed(new HdlcRx(three, 3, 400), bits);
    assertEquals(1, three.good.size());
    // flags that are not back to back do not count
    Collector spaced = new Collector();
    HdlcRx rx = new HdlcRx(spaced, 3, 400);
    feed(rx, "01111110" + "0" + "01111110" + "00" + "01111110" + bits.substring(3 * 8 - 8));
    assertEquals(0, spaced.good.size(), "only the last flags are back to back");
  }

  @Test
  void carrierUpRestartsTheSync() {
    byte[] mcf = bytes(0xFF, 0x13, 0x8C);
    HdlcTx tx = new HdlcTx(5, 400);
    tx.sendFrame(mcf, 0, 3);
    tx.end();
    String bits = drain(tx);
    Collector c = new Collector();
    HdlcRx rx = new HdlcRx(c);
    feed(rx, bits.substring(0, 60));
    rx.status(ModemStatus.CARRIER_DOWN);
    rx.status(ModemStatus.CARRIER_UP);
    assertFalse(rx.framing());
    feed(rx, bits);
    assertEquals(1, c.good.size());
    assertEquals(List.of(ModemStatus.FRAMING_OK, ModemStatus.CARRIER_DOWN, ModemStatus.CARRIER_UP, ModemStatus.FRAMING_OK),
        c.events);
  }

  @Test
  void overlongFrameIsBad() {
    byte[] big = new byte[20];
    Arrays.fill(big, (byte) 0x55);
    HdlcTx tx = new HdlcTx(5, 400);
    tx.sendFrame(big, 0, big.length);
    tx.sendFrame(big, 0, 10);
    tx.end();
    Collector c = new Collector();
    HdlcRx rx = new HdlcRx(c, 5, 10);
    feed(rx, drain(tx));
    assertEquals(1, c.good.size());
    assertEquals(10, c.good.get(0).length);
    assertEquals(1, rx.lengthErrors());
  }

  @Test
  void restartSendsANewPreamble() {
    HdlcTx tx = new HdlcTx(2, 400);
    tx.sendFrame(bytes(0xFF, 0x13, 0xFA), 0, 3);
    tx.end();
    String first = drain(tx);
    tx.restart(2);
    tx.sendFrame(bytes(0xFF, 0x13, 0xFA), 0, 3);
    tx.end();
    assertEquals(first, drain(tx));
  }
}
