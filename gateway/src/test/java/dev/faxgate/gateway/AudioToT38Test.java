package dev.faxgate.gateway;

import dev.faxgate.t30.FastModemPlan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.dsp.AwgnGenerator;
import dev.faxgate.dsp.PowerMeter;
import dev.faxgate.hdlc.HdlcTx;
import dev.faxgate.interop.Faxpeer;
import dev.faxgate.modem.BitSource;
import dev.faxgate.modem.FaxModemsRx;
import dev.faxgate.modem.ModemTx;
import dev.faxgate.modem.PayloadBits;
import dev.faxgate.modem.V17Tx;
import dev.faxgate.modem.V21Channel;
import dev.faxgate.modem.V21Tx;
import dev.faxgate.modem.V27terTx;
import dev.faxgate.modem.V29Tx;
import dev.faxgate.t30.BitOrder;
import dev.faxgate.t30.DataRate;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38DataType;
import dev.faxgate.t38.T38FieldType;
import dev.faxgate.t38.T38Indicator;
import dev.faxgate.testutil.SteadyStateAllocation;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * AudioToT38 on real signals made with the project's transmitters (and, when FAXPEER is set,
 * spandsp's): the IFP sequence it sends, the exact octets of the frames and of the non-ECM bits,
 * every IFP round-tripped through IfpCodec in versions 0 and 3. No timing assertions.
 */
class AudioToT38Test {
  /** T.30 frames in line order (LSB-first), without FCS: CSI "+1 555 1234"-like and a DIS. */
  static final byte[] CSI = bytes(0xFF, 0x03, 0x40, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0C,
      0x8C, 0x0C, 0x0C, 0x04, 0xAC, 0xAC, 0xAC, 0x04, 0x8C, 0xD4);
  static final byte[] DIS = bytes(0xFF, 0x13, 0x80, 0x00, 0xEE, 0xF8, 0x80, 0x80, 0x91, 0x80, 0x80, 0x80, 0x18);

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  // ------------------------------------------------------------------ recording the IFPs

  /** One IFP as sent: an indicator, or one field of a data type (with a copy of its data). */
  record Ifp(T38Indicator indicator, T38DataType type, T38FieldType field, byte[] data) {
    String name() {
      return indicator != null ? indicator.asn1Name()
          : type.asn1Name() + ":" + field.asn1Name() + (data.length > 0 ? "(" + data.length + ")" : "");
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /** Records each IFP after checking that it encodes and decodes to the same content in versions 0 and 3. */
  static final class Recorder implements IfpOut {
    final List<Ifp> ifps = new ArrayList<>();
    final byte[] enc = new byte[1024];
    final IfpPacket decoded = new IfpPacket();
    Consumer<Ifp> onSend = i -> {};

    @Override
    public void send(IfpPacket p) {
      for (int version : new int[] {0, 3}) {
        int n = IfpCodec.encode(p, version, enc, 0);
        assertTrue(n > 0, "encode v" + version + " of " + p + ": " + IfpCodec.describe(n));
        byte[] copy = Arrays.copyOf(enc, n);
        int st = IfpCodec.decode(copy, 0, n, version, decoded);
        assertEquals(IfpCodec.OK, st, "decode v" + version + " of " + p + ": " + IfpCodec.describe(st));
        assertTrue(decoded.sameContent(p), "v" + version + " round trip of " + p + " gave " + decoded);
      }
      Ifp rec;
      if (p.isIndicator()) {
        assertEquals(0, p.fieldCount());
        rec = new Ifp(p.indicator(), null, null, new byte[0]);
      } else {
        assertEquals(1, p.fieldCount(), "one field per IFP: " + p);
        rec = new Ifp(null, p.dataType(), p.fieldType(0), p.fieldData(0));
      }
      ifps.add(rec);
      onSend.accept(rec);
    }

    List<String> names() {
      return ifps.stream().map(Ifp::name).collect(Collectors.toList());
    }

    /** Names with consecutive t4-non-ecm-data runs collapsed to "type:t4-non-ecm-data*". */
    List<String> shape() {
      List<String> out = new ArrayList<>();
      for (Ifp i : ifps) {
        String n = i.field == T38FieldType.T4_NON_ECM_DATA ? i.type.asn1Name() + ":t4-non-ecm-data*"
            : i.field == T38FieldType.T4_NON_ECM_SIG_END ? i.type.asn1Name() + ":t4-non-ecm-sig-end" : i.name();
        if (out.isEmpty() || !out.get(out.size() - 1).equals(n) || !n.endsWith("*")) {
          out.add(n);
        }
      }
      return out;
    }

    List<Ifp> fields(T38FieldType f) {
      return ifps.stream().filter(i -> i.field == f).collect(Collectors.toList());
    }

    /** The t4-non-ecm data and sig-end octets of the {@code burst}-th non-ECM burst (0-based), concatenated. */
    byte[] nonEcm(int burst) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int k = 0;
      for (Ifp i : ifps) {
        if (i.field == T38FieldType.T4_NON_ECM_DATA && k == burst) {
          b.writeBytes(i.data);
        } else if (i.field == T38FieldType.T4_NON_ECM_SIG_END) {
          if (k == burst) {
            b.writeBytes(i.data);
          }
          k++;
        }
      }
      return b.toByteArray();
    }
  }

  // ------------------------------------------------------------------ signals

  /** A transmitter run to its end (it shuts down after END_OF_DATA) in 160-sample blocks. */
  static short[] transmit(ModemTx tx) {
    short[] buf = new short[16000];
    int n = 0;
    while (true) {
      if (buf.length - n < 160) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int k = tx.tx(buf, n, 160);
      n += k;
      if (k < 160) {
        return Arrays.copyOf(buf, n);
      }
    }
  }

  static short[] silence(int ms) {
    return new short[ms * 8];
  }

  static short[] concat(short[]... parts) {
    int n = 0;
    for (short[] p : parts) {
      n += p.length;
    }
    short[] out = new short[n];
    int at = 0;
    for (short[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** HDLC frames (T.30 preamble of 37 flags) on V.21 channel 2 at {@code level} dBm0. */
  static short[] v21(double level, byte[]... frames) {
    HdlcTx hdlc = new HdlcTx();
    for (byte[] f : frames) {
      assertTrue(hdlc.sendFrame(f, 0, f.length));
    }
    hdlc.end();
    V21Tx tx = new V21Tx(V21Channel.CH2, hdlc);
    tx.power(level);
    return transmit(tx);
  }

  static ModemTx fastTx(DataRate rate, BitSource src, boolean shortTrain, double level) {
    ModemTx tx = switch (rate.modem()) {
      case V17 -> new V17Tx(src, rate.bitRate());
      case V29 -> new V29Tx(rate.bitRate(), src);
      case V27TER -> new V27terTx(rate.bitRate(), false, src);
    };
    tx.power(level);
    tx.restart(rate.bitRate(), shortTrain);
    return tx;
  }

  static short[] fast(DataRate rate, byte[] payload, boolean shortTrain) {
    return transmit(fastTx(rate, new PayloadBits(payload), shortTrain, -13));
  }

  /** White Gaussian noise at {@code snrDb} under the RMS of the non-silent samples, over the whole signal. */
  static short[] addNoise(short[] pcm, double snrDb, long seed) {
    double acc = 0;
    int n = 0;
    for (short s : pcm) {
      if (s != 0) {
        acc += (double) s * s;
        n++;
      }
    }
    AwgnGenerator g = new AwgnGenerator(seed, AwgnGenerator.rmsForSnr(Math.sqrt(acc / n), snrDb));
    short[] out = pcm.clone();
    g.addTo(out, 0, out.length);
    return out;
  }

  static short[] tone(double hz, int ms, double dbm0) {
    double peak = PowerMeter.dbm0ToRms(dbm0) * Math.sqrt(2.0);
    short[] s = new short[ms * 8];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) Math.round(peak * Math.sin(2 * Math.PI * hz * i / 8000.0));
    }
    return s;
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Feeds {@code pcm} in 160-sample blocks. */
  static void feed(AudioToT38 gw, short[] pcm) {
    for (int i = 0; i < pcm.length; i += 160) {
      gw.rx(pcm, i, Math.min(160, pcm.length - i));
    }
  }

  static String t4(DataRate r) {
    return fastTypeName(r) + ":t4-non-ecm-data*";
  }

  static String fastTypeName(DataRate r) {
    return switch (r) {
      case V27TER_2400 -> "v27-2400";
      case V27TER_4800 -> "v27-4800";
      default -> (r.modem() == dev.faxgate.modem.FastModem.V17 ? "v17-" : "v29-") + r.bitRate();
    };
  }

  static String training(DataRate r, boolean shortTrain) {
    return switch (r.modem()) {
      case V17 -> "v17-" + r.bitRate() + (shortTrain ? "-short" : "-long") + "-training";
      case V29 -> "v29-" + r.bitRate() + "-training";
      case V27TER -> "v27-" + r.bitRate() + "-training";
    };
  }

  // ------------------------------------------------------------------ 1. V.21

  /** CSI + DIS on V.21 ch 2, clean at -13 dBm0 and at 20 dB SNR: the exact IFP sequence and octets. */
  @ParameterizedTest
  @CsvSource({"-13, 0", "-13, 20", "-30, 20"})
  void v21FramesAreForwardedBitReversed(double level, int snr) {
    short[] pcm = concat(silence(200), v21(level, CSI, DIS), silence(400));
    if (snr > 0) {
      pcm = addNoise(pcm, snr, 21 + snr);
    }
    Recorder rec = new Recorder();
    List<String> tapped = new ArrayList<>();
    AudioToT38 gw = new AudioToT38(rec, (f, off, len, ok) -> tapped.add(len + (ok ? " ok" : " bad")),
        new FastModemPlan());
    gw.start();
    feed(gw, pcm);
    System.out.println("V.21 CSI+DIS at " + level + " dBm0, snr " + snr + ": " + rec.names());
    assertEquals(List.of("no-signal", "v21-preamble", "v21:hdlc-data(23)", "v21:hdlc-fcs-OK",
        "v21:hdlc-data(13)", "v21:hdlc-fcs-OK", "v21:hdlc-sig-end", "no-signal"), rec.names());
    List<Ifp> data = rec.fields(T38FieldType.HDLC_DATA);
    assertArrayEquals(BitOrder.reversedCopy(CSI), data.get(0).data());
    assertArrayEquals(BitOrder.reversedCopy(DIS), data.get(1).data());
    // spot check against docs/dsp.md §5.3: DIS in T.38 order starts FF C8 01
    assertArrayEquals(bytes(0xFF, 0xC8, 0x01), Arrays.copyOf(data.get(1).data(), 3));
    assertEquals(List.of("23 ok", "13 ok"), tapped);
    assertEquals(2, gw.controlFramesGood());
    assertEquals(0, gw.controlFramesBad());
    assertEquals(8, gw.ifpsSent());
    assertTrue(gw.faxActivity());
  }

  /** The tap's in-place edit (DIS bit 6 set, then cleared as a gateway hides V.8) is what goes out. */
  @Test
  void tapEditIsSent() {
    byte[] dis = DIS.clone();
    dis[3] |= 0x20; // DIS bit 6 (V.8 capability), LSB-first mask 1 << 5
    short[] pcm = concat(silence(100), v21(-13, dis), silence(400));
    Recorder rec = new Recorder();
    AudioToT38 gw = new AudioToT38(rec, (f, off, len, ok) -> {
      if (ok && len > 3 && (f[off + 2] & 0xFE) == 0x80) {
        f[off + 3] &= (byte) ~0x20;
      }
    }, new FastModemPlan());
    gw.start();
    feed(gw, pcm);
    List<Ifp> data = rec.fields(T38FieldType.HDLC_DATA);
    assertEquals(1, data.size(), rec.names().toString());
    assertArrayEquals(BitOrder.reversedCopy(DIS), data.get(0).data()); // the edited frame is the original DIS
    assertEquals(0x00, data.get(0).data()[3]);
  }

  /** A bit error inside the CSI: forwarded as hdlc-data + hdlc-fcs-BAD (the tap told so), the DIS still OK. */
  @Test
  void badFcsIsForwardedAsBad() {
    HdlcTx hdlc = new HdlcTx();
    hdlc.sendFrame(CSI, 0, CSI.length);
    hdlc.sendFrame(DIS, 0, DIS.length);
    hdlc.end();
    // bit 0 of CSI octet 5 (0x04 -> 0x05: no stuffing change), after the preamble and the two 0s
    // stuffed into FF 03
    int flip = HdlcTx.DEFAULT_PREAMBLE_FLAGS * 8 + 5 * 8 + 2;
    int[] n = {0};
    BitSource damaged = () -> {
      int b = hdlc.getBit();
      return n[0]++ == flip && b >= 0 ? b ^ 1 : b;
    };
    V21Tx tx = new V21Tx(V21Channel.CH2, damaged);
    tx.power(-13);
    short[] pcm = concat(silence(100), transmit(tx), silence(400));
    Recorder rec = new Recorder();
    List<String> tapped = new ArrayList<>();
    AudioToT38 gw = new AudioToT38(rec, (f, off, len, ok) -> tapped.add(len + (ok ? " ok" : " bad")),
        new FastModemPlan());
    gw.start();
    feed(gw, pcm);
    System.out.println("V.21 with a bit error: " + rec.names());
    assertEquals(List.of("no-signal", "v21-preamble", "v21:hdlc-data(23)", "v21:hdlc-fcs-BAD",
        "v21:hdlc-data(13)", "v21:hdlc-fcs-OK", "v21:hdlc-sig-end", "no-signal"), rec.names());
    byte[] csi = CSI.clone();
    csi[5] ^= 0x01;
    assertArrayEquals(BitOrder.reversedCopy(csi), rec.fields(T38FieldType.HDLC_DATA).get(0).data());
    assertEquals(List.of("23 bad", "13 ok"), tapped);
    assertEquals(1, gw.controlFramesGood());
    assertEquals(1, gw.controlFramesBad());
  }

  /** A lost packet in the middle of TCF (fillIn): the receiver keeps its lock, one burst, the zeros go on after it. */
  @Test
  void lostPacketInTcfKeepsTheBurst() {
    DataRate rate = DataRate.V17_14400;
    short[] pcm = concat(silence(100), fast(rate, new byte[2700], false), silence(300));
    Recorder rec = new Recorder();
    FastModemPlan plan = new FastModemPlan();
    plan.selected(rate, false, 20, true);
    AudioToT38 gw = new AudioToT38(rec, (f, o, l, ok) -> {}, plan);
    gw.start();
    int lost = 100 * 8 + 8000 * 2; // 2 s in: 0.6 s into the data, after the 1.4 s long training
    for (int i = 0; i < pcm.length; i += 160) {
      if (i == lost) {
        gw.fillIn(160);
      } else {
        gw.rx(pcm, i, Math.min(160, pcm.length - i));
      }
    }
    System.out.println("TCF with a lost packet: " + rec.shape());
    assertEquals(List.of("no-signal", "v17-14400-long-training", t4(rate), "v17-14400:t4-non-ecm-sig-end", "no-signal"),
        rec.shape());
    byte[] bits = rec.nonEcm(0);
    int zeros = 0;
    for (byte b : bits) {
      zeros += 8 - Integer.bitCount(b & 0xFF);
    }
    System.out.println("  " + bits.length + " octets, " + zeros + " zero bits of 21600 sent (a lost packet holds 288)");
    assertTrue(zeros >= 21600 - 2 * 288, "zeros " + zeros);
  }

  // ------------------------------------------------------------------ 2. TCF

  /** DCS chose a rate, TCF (1.5 s of zeros, long training) follows: the zeros come out as non-ECM data. */
  @ParameterizedTest
  @CsvSource({"V17_14400", "V29_9600", "V27TER_4800", "V17_9600"})
  void tcfIsNonEcmZeros(DataRate rate) {
    int zerosOctets = rate.bitRate() * 3 / 16; // 1.5 s
    short[] pcm = concat(silence(100), fast(rate, new byte[zerosOctets], false), silence(300));
    Recorder rec = new Recorder();
    FastModemPlan plan = new FastModemPlan();
    plan.selected(rate, false, 20, true);
    AudioToT38 gw = new AudioToT38(rec, (f, o, l, ok) -> {}, plan);
    gw.start();
    feed(gw, pcm);
    String type = fastTypeName(rate);
    System.out.println("TCF " + rate + ": " + rec.shape());
    assertEquals(List.of("no-signal", training(rate, false), t4(rate), type + ":t4-non-ecm-sig-end", "no-signal"),
        rec.shape());
    int chunk = rate.bitRate() * 30 / 8000;
    List<Ifp> chunks = rec.fields(T38FieldType.T4_NON_ECM_DATA);
    for (Ifp i : chunks) {
      assertEquals(chunk, i.data().length);
    }
    byte[] bits = rec.nonEcm(0);
    int leadingZeroBits = 0;
    while (leadingZeroBits < bits.length * 8
        && (bits[leadingZeroBits >> 3] & (0x80 >> (leadingZeroBits & 7))) == 0) {
      leadingZeroBits++;
    }
    int zeros = 0;
    for (byte b : bits) {
      zeros += 8 - Integer.bitCount(b & 0xFF);
    }
    System.out.println("  " + bits.length + " octets, " + chunks.size() + " IFPs of " + chunk + ", leading zero bits "
        + leadingZeroBits + " of " + zerosOctets * 8 + " sent, zeros in all " + zeros);
    assertTrue(leadingZeroBits >= zerosOctets * 8, "leading zeros " + leadingZeroBits);
    // what follows the zeros is the turn-off (scrambled 1s), under 0.1 s of it
    assertTrue(bits.length * 8 - leadingZeroBits < rate.bitRate() / 10, "tail " + (bits.length * 8 - leadingZeroBits));
    assertEquals(bits.length, gw.nonEcmOctets());
    assertEquals(1, gw.trainingIndicatorsSent());
    assertEquals(1, gw.nonEcmBursts());
  }

  // ------------------------------------------------------------------ 3. non-ECM image

  /** V.17: TCF-like long-train burst, 75 ms silence, short-train burst carrying the page (plan switched between). */
  @ParameterizedTest
  @CsvSource({"V17_14400", "V17_12000", "V17_7200"})
  void v17ShortTrainImageIsBitExact(DataRate rate) {
    byte[] page = random(rate.bitRate() / 4, rate.bitRate()); // 2 s
    short[] pcm = concat(silence(100), fast(rate, new byte[rate.bitRate() / 16], false), silence(75),
        fast(rate, page, true), silence(300));
    Recorder rec = new Recorder();
    FastModemPlan plan = new FastModemPlan();
    plan.selected(rate, false, 20, true);
    rec.onSend = i -> {
      if (i.field() == T38FieldType.T4_NON_ECM_SIG_END) {
        plan.imageNext(true); // CFR: the page comes with a short training
      }
    };
    AudioToT38 gw = new AudioToT38(rec, (f, o, l, ok) -> {}, plan);
    gw.start();
    feed(gw, pcm);
    String type = fastTypeName(rate);
    System.out.println("V.17 long + short page " + rate + ": " + rec.shape());
    assertEquals(List.of("no-signal", training(rate, false), t4(rate), type + ":t4-non-ecm-sig-end", "no-signal",
        training(rate, true), t4(rate), type + ":t4-non-ecm-sig-end", "no-signal"), rec.shape());
    byte[] got = rec.nonEcm(1);
    System.out.println("  page " + page.length + " octets, received " + got.length);
    assertTrue(got.length >= page.length, "got " + got.length);
    assertArrayEquals(BitOrder.reversedCopy(page), Arrays.copyOf(got, page.length));
  }

  /** V.29 / V.27ter (one training each): the image bits, bit-exact from the first data bit. */
  @ParameterizedTest
  @CsvSource({"V29_9600", "V29_7200", "V27TER_4800", "V27TER_2400"})
  void imageIsBitExact(DataRate rate) {
    byte[] page = random(rate.bitRate() / 4, rate.bitRate() + 1);
    short[] pcm = concat(silence(100), fast(rate, page, false), silence(300));
    Recorder rec = new Recorder();
    FastModemPlan plan = new FastModemPlan();
    plan.selected(rate, false, 20, true);
    plan.imageNext(true); // for these modems the training is the same
    AudioToT38 gw = new AudioToT38(rec, (f, o, l, ok) -> {}, plan);
    gw.start();
    feed(gw, pcm);
    String type = fastTypeName(rate);
    System.out.println("image " + rate + ": " + rec.shape());
    assertEquals(List.of("no-signal", training(rate, false), t4(rate), type + ":t4-non-ecm-sig-end", "no-signal"),
        rec.shape());
    byte[] got = rec.nonEcm(0);
    assertTrue(got.length >= page.length, "got " + got.length);
    assertArrayEquals(BitOrder.reversedCopy(page), Arrays.copyOf(got, page.length));
  }

  // ------------------------------------------------------------------ 4. ECM

  /** ECM: 200 ms of flags then 260-octet frames on V.17 14400 (long training): each frame exact, fcs-OK. */
  @ParameterizedTest
  @CsvSource({"V17_14400, false", "V29_9600, false", "V17_9600, true"})
  void ecmFramesAreForwarded(DataRate rate, boolean shortTrain) {
    int frames = 5;
    List<byte[]> sent = new ArrayList<>();
    HdlcTx hdlc = new HdlcTx(rate.bitRate() / 40, 400);
    for (int k = 0; k < frames; k++) {
      byte[] f = random(260, 1000 + k);
      f[0] = (byte) 0xFF;
      f[1] = 0x03;
      f[2] = 0x06; // FCD
      f[3] = (byte) k;
      sent.add(f);
      assertTrue(hdlc.sendFrame(f, 0, f.length));
    }
    hdlc.end();
    short[] burst = transmit(fastTx(rate, hdlc, shortTrain, -13));
    short[] pcm;
    FastModemPlan plan = new FastModemPlan();
    plan.selected(rate, true, 0, shortTrain); // short: a TCF first
    if (shortTrain) {
      // a long-trained TCF first, then the block with a short training
      pcm = concat(silence(100), fast(rate, new byte[rate.bitRate() / 16], false), silence(75), burst, silence(300));
    } else {
      pcm = concat(silence(100), burst, silence(300));
    }
    Recorder rec = new Recorder();
    rec.onSend = i -> {
      if (i.field() == T38FieldType.T4_NON_ECM_SIG_END) {
        plan.imageNext(true);
      }
    };
    AudioToT38 gw = new AudioToT38(rec, (f, o, l, ok) -> {
      throw new AssertionError("the tap is for V.21 frames only");
    }, plan);
    gw.start();
    feed(gw, pcm);
    System.out.println("ECM " + rate + (shortTrain ? " short" : " long") + ": " + rec.shape());
    String type = fastTypeName(rate);
    List<String> expected = new ArrayList<>(List.of("no-signal"));
    if (shortTrain) {
      expected.addAll(List.of(training(rate, false), t4(rate), type + ":t4-non-ecm-sig-end", "no-signal"));
    }
    expected.add(training(rate, shortTrain));
    for (int k = 0; k < frames; k++) {
      expected.add(type + ":hdlc-data(260)");
      expected.add(type + ":hdlc-fcs-OK");
    }
    expected.add(type + ":hdlc-sig-end");
    expected.add("no-signal");
    assertEquals(expected, rec.shape());
    List<Ifp> data = rec.fields(T38FieldType.HDLC_DATA);
    for (int k = 0; k < frames; k++) {
      assertArrayEquals(BitOrder.reversedCopy(sent.get(k)), data.get(k).data(), "frame " + k);
    }
    assertEquals(frames, gw.ecmFramesGood());
    assertEquals(0, gw.ecmFramesBad());
    assertEquals(1, gw.ecmBursts());
  }

  // ------------------------------------------------------------------ 5. CNG / CED

  @Test
  void cngCadenceGivesOneCng() {
    short[] cycle = concat(tone(1100, 500, -13), silence(3000));
    short[] pcm = concat(silence(100), cycle, cycle, cycle);
    Recorder rec = new Recorder();
    AudioToT38 gw = new AudioToT38(rec, (f, o, l, ok) -> {}, new FastModemPlan());
    gw.start();
    feed(gw, pcm);
    System.out.println("CNG x3: " + rec.names() + ", bursts detected " + gw.cngDetected());
    assertEquals(List.of("no-signal", "cng"), rec.names());
    assertEquals(3, gw.cngDetected());
    assertTrue(gw.faxActivity());
  }

  @Test
  void cedGivesOneCed() {
    short[] pcm = concat(silence(200), tone(2100, 2600, -13), silence(500));
    Recorder rec = new Recorder();
    AudioToT38 gw = new AudioToT38(rec, (f, o, l, ok) -> {}, new FastModemPlan());
    gw.start();
    assertTrue(!gw.faxActivity());
    feed(gw, pcm);
    System.out.println("CED: " + rec.names());
    assertEquals(List.of("no-signal", "ced"), rec.names());
    assertEquals(1, gw.cedDetected());
    assertTrue(gw.faxActivity());
  }

  /** A whole phase A/B on one leg: CED, then DIS on V.21, then (plan from the DCS seen elsewhere) TCF on V.29. */
  @Test
  void cedThenV21ThenTcf() {
    byte[] zeros = new byte[9600 * 3 / 16];
    short[] pcm = concat(silence(200), tone(2100, 2600, -13), silence(75), v21(-13, CSI, DIS), silence(75),
        fast(DataRate.V29_9600, zeros, false), silence(300));
    Recorder rec = new Recorder();
    FastModemPlan plan = new FastModemPlan();
    AudioToT38 gw = new AudioToT38(rec, (f, o, l, ok) -> {
      if (ok && (f[o + 2] & 0xFE) == 0x80) {
        plan.selected(DataRate.V29_9600, false, 20, true); // stands in for the DCS of the other direction
      }
    }, plan);
    gw.start();
    feed(gw, pcm);
    System.out.println("CED + V.21 + TCF: " + rec.shape());
    assertEquals(List.of("no-signal", "ced", "v21-preamble", "v21:hdlc-data(23)", "v21:hdlc-fcs-OK",
        "v21:hdlc-data(13)", "v21:hdlc-fcs-OK", "v21:hdlc-sig-end", "no-signal", "v29-9600-training",
        "v29-9600:t4-non-ecm-data*", "v29-9600:t4-non-ecm-sig-end", "no-signal"), rec.shape());
  }

  // ------------------------------------------------------------------ 5b. the end of a signal, repeated

  /**
   * Issue 18, cause 5: the no-signal that ends a signal goes out again 1, 3, 7, 15, 23, ... blocks after
   * it (gaps doubling to the maximum) until the far end speaks; the next signal's end starts them over;
   * a signal of the audio side stops them; and they stop after the given number of blocks at the latest.
   */
  @Test
  void theEndOfASignalIsRepeatedUntilTheFarEndSpeaks() {
    Recorder rec = new Recorder();
    int[] block = {0};
    List<Integer> noSignalAt = new ArrayList<>();
    rec.onSend = i -> {
      if (i.indicator() == T38Indicator.NO_SIGNAL) {
        noSignalAt.add(block[0]);
      }
    };
    AudioToT38 gw = new AudioToT38(rec, (f, o, l, ok) -> {}, new FastModemPlan()).repeatSignalEnds(8, 60);
    gw.start();
    short[] dis = concat(silence(200), v21(-13, CSI, DIS));
    short[] quiet = silence(2000);
    for (short[] part : new short[][] {dis, quiet}) {
      for (int i = 0; i < part.length; i += 160, block[0]++) {
        gw.rx(part, i, Math.min(160, part.length - i));
      }
    }
    int end = noSignalAt.get(1); // [0] opens the stream
    List<Integer> after = noSignalAt.subList(2, noSignalAt.size()).stream().map(b -> b - end).toList();
    System.out.println("signal end at block " + end + ", repeats after it: " + after);
    // 1, +2, +4, +8, then every 8 up to 60 blocks after the end
    assertEquals(List.of(1, 3, 7, 15, 23, 31, 39, 47, 55), after);
    assertEquals(after.size(), gw.noSignalRepeated());
    assertEquals(List.of("no-signal", "v21-preamble", "v21:hdlc-data(23)", "v21:hdlc-fcs-OK", "v21:hdlc-data(13)",
        "v21:hdlc-fcs-OK", "v21:hdlc-sig-end", "no-signal"), rec.names().subList(0, 8));

    // the far end speaks 10 blocks after the next end: the repeats before it, none after
    noSignalAt.clear();
    short[] cfr = v21(-13, bytes(0xFF, 0x13, 0x84));
    for (int i = 0; i < cfr.length; i += 160, block[0]++) {
      gw.rx(cfr, i, Math.min(160, cfr.length - i));
    }
    for (int i = 0; i < quiet.length; i += 160, block[0]++) {
      if (!noSignalAt.isEmpty() && block[0] - noSignalAt.get(0) == 10) {
        gw.farEndSpoke();
      }
      gw.rx(quiet, i, 160);
    }
    int end2 = noSignalAt.get(0);
    assertEquals(List.of(1, 3, 7), noSignalAt.subList(1, noSignalAt.size()).stream().map(b -> b - end2).toList());

    // the audio side's next signal 100 ms after an end cuts its repeats, and its own end starts them over
    noSignalAt.clear();
    rec.ifps.clear();
    short[] two = concat(v21(-13, bytes(0xFF, 0x13, 0x84)), silence(100), v21(-13, bytes(0xFF, 0x13, 0x84)), quiet);
    for (int i = 0; i < two.length; i += 160, block[0]++) {
      gw.rx(two, i, Math.min(160, two.length - i));
    }
    List<String> names = rec.names();
    int second = names.lastIndexOf("v21-preamble");
    assertEquals(List.of("v21-preamble", "v21:hdlc-data(3)", "v21:hdlc-fcs-OK", "v21:hdlc-sig-end", "no-signal"),
        names.subList(second, second + 5), "nothing of the first end's repeats inside the second signal: " + names);
    int end3 = noSignalAt.get(noSignalAt.size() - 10);
    assertEquals(List.of(1, 3, 7, 15, 23, 31, 39, 47, 55),
        noSignalAt.subList(noSignalAt.size() - 9, noSignalAt.size()).stream().map(b -> b - end3).toList(), "" + noSignalAt);
  }

  /** Without {@link AudioToT38#repeatSignalEnds} nothing is repeated (the other tests' sequences). */
  @Test
  void noRepeatsUnlessAsked() {
    Recorder rec = new Recorder();
    AudioToT38 gw = new AudioToT38(rec, (f, o, l, ok) -> {}, new FastModemPlan());
    gw.start();
    feed(gw, concat(silence(200), v21(-13, CSI, DIS), silence(3000)));
    assertEquals(List.of("no-signal", "v21-preamble", "v21:hdlc-data(23)", "v21:hdlc-fcs-OK", "v21:hdlc-data(13)",
        "v21:hdlc-fcs-OK", "v21:hdlc-sig-end", "no-signal"), rec.names());
    assertEquals(0, gw.noSignalRepeated());
  }

  // ------------------------------------------------------------------ 6. allocation

  /** Steady-state V.17 14400 non-ECM reception (with a lost packet now and then) allocates nothing. */
  @Test
  void steadyStateV17ImageAllocatesNothing() {
    int[] lfsr = {0x1234};
    BitSource src = () -> {
      int b = lfsr[0] & 1;
      lfsr[0] = (lfsr[0] >>> 1) ^ (-b & 0xB400);
      return b;
    };
    V17Tx tx = new V17Tx(src, 14400);
    byte[] enc = new byte[512];
    long[] counts = new long[2];
    IfpOut out = p -> {
      counts[0]++;
      counts[1] += IfpCodec.encode(p, 0, enc, 0);
    };
    FastModemPlan plan = new FastModemPlan();
    plan.selected(DataRate.V17_14400, false, 20, false);
    AudioToT38 gw = new AudioToT38(out, (f, o, l, ok) -> {}, plan);
    gw.start();
    short[] block = new short[160];
    int[] n = {0};
    long[] ifpsAfterWarmUp = {-1};
    Runnable tick = () -> {
      if (n[0] == 8_000) {
        ifpsAfterWarmUp[0] = counts[0];
      }
      tx.tx(block, 0, 160);
      if (++n[0] % 500 == 0) {
        gw.fillIn(160);
      } else {
        gw.rx(block, 0, 160);
      }
    };
    SteadyStateAllocation a = SteadyStateAllocation.measure(tick, 8_000, 3_000);
    long ifps = counts[0] - ifpsAfterWarmUp[0];
    System.out.println("V.17 image steady state: " + ifps + " IFPs in " + a.measuredSteps() + " blocks, " + a);
    assertEquals(FaxModemsRx.ActiveModem.FAST, gw.modems().active());
    assertEquals(1, gw.trainingIndicatorsSent());
    assertTrue(ifps > 3 * 1900, "IFPs " + ifps); // 60 s at 14400 bit/s in 54-octet IFPs: 2000
    assertTrue(a.allButOneWindowBelow(1024), a.toString());
  }

  // ------------------------------------------------------------------ interop: spandsp's modems

  static short[] readPcm(Path p) throws Exception {
    byte[] b = Files.readAllBytes(p);
    short[] s = new short[b.length / 2];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
    return s;
  }

  /** spandsp's V.17/V.29/V.27ter (long training + payload) and V.21 frames, through AudioToT38. */
  @Test
  void spandspModemsInterop(@TempDir Path dir) throws Exception {
    Path faxpeer = Faxpeer.binary();
    for (DataRate rate : new DataRate[] {DataRate.V17_14400, DataRate.V17_9600, DataRate.V29_9600,
        DataRate.V27TER_4800}) {
      byte[] page = random(rate.bitRate() / 8, 77 + rate.bitRate());
      Path in = dir.resolve("page.bin");
      Path pcmFile = dir.resolve("page.pcm");
      Files.write(in, page);
      String modem = switch (rate.modem()) {
        case V17 -> "v17";
        case V29 -> "v29";
        case V27TER -> "v27ter";
      };
      Faxpeer.Run run = Faxpeer.run(dir, "modem-tx", modem, String.valueOf(rate.bitRate()), in.toString(),
          pcmFile.toString(), "--level", "-13");
      assertEquals(0, run.exit(), run.stderr());
      Recorder rec = new Recorder();
      FastModemPlan plan = new FastModemPlan();
      plan.selected(rate, false, 20, false);
      AudioToT38 gw = new AudioToT38(rec, (f, o, l, ok) -> {}, plan);
      gw.start();
      feed(gw, concat(silence(100), readPcm(pcmFile), silence(300)));
      System.out.println("spandsp " + modem + " " + rate.bitRate() + ": " + rec.shape());
      assertEquals(List.of("no-signal", training(rate, false), t4(rate),
          fastTypeName(rate) + ":t4-non-ecm-sig-end", "no-signal"), rec.shape());
      byte[] got = rec.nonEcm(0);
      assertTrue(got.length >= page.length, "got " + got.length);
      assertArrayEquals(BitOrder.reversedCopy(page), Arrays.copyOf(got, page.length), modem + " " + rate.bitRate());
    }
    // V.17 short training, as T.30 uses it: a long-train burst, 75 ms, the short-train page
    byte[] page = random(3600, 5);
    Files.write(dir.resolve("short.bin"), page);
    Faxpeer.Run run = Faxpeer.run(dir, "modem-tx", "v17", "14400", dir.resolve("short.bin").toString(),
        dir.resolve("short.pcm").toString(), "--no-training", "--level", "-13");
    assertEquals(0, run.exit(), run.stderr());
    Recorder rec = new Recorder();
    FastModemPlan plan = new FastModemPlan();
    plan.selected(DataRate.V17_14400, false, 20, true);
    rec.onSend = i -> {
      if (i.field() == T38FieldType.T4_NON_ECM_SIG_END) {
        plan.imageNext(true);
      }
    };
    AudioToT38 gw = new AudioToT38(rec, (f, o, l, ok) -> {}, plan);
    gw.start();
    feed(gw, concat(silence(100), readPcm(dir.resolve("short.pcm")), silence(300)));
    System.out.println("spandsp v17 long + short: " + rec.shape());
    // spandsp's long-train burst carries no data: its few turn-off octets may all ride in the sig-end
    List<String> shape = rec.shape();
    shape.remove("v17-14400:t4-non-ecm-data*");
    shape.remove("v17-14400:t4-non-ecm-data*");
    assertEquals(List.of("no-signal", "v17-14400-long-training", "v17-14400:t4-non-ecm-sig-end", "no-signal",
        "v17-14400-short-training", "v17-14400:t4-non-ecm-sig-end", "no-signal"), shape);
    assertTrue(rec.fields(T38FieldType.T4_NON_ECM_DATA).size() > 3600 / 54 - 1);
    assertArrayEquals(BitOrder.reversedCopy(page), Arrays.copyOf(rec.nonEcm(1), page.length));

    // V.21 channel 2: frames file of 2-byte LE lengths + octets
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    for (byte[] f : new byte[][] {CSI, DIS}) {
      frames.write(f.length & 0xFF);
      frames.write(f.length >> 8);
      frames.writeBytes(f);
    }
    Files.write(dir.resolve("v21.bin"), frames.toByteArray());
    run = Faxpeer.run(dir, "modem-tx", "v21ch2", "300", dir.resolve("v21.bin").toString(),
        dir.resolve("v21.pcm").toString(), "--snr", "20");
    assertEquals(0, run.exit(), run.stderr());
    Recorder v21 = new Recorder();
    AudioToT38 gw21 = new AudioToT38(v21, (f, o, l, ok) -> {}, new FastModemPlan());
    gw21.start();
    feed(gw21, concat(readPcm(dir.resolve("v21.pcm")), silence(300)));
    System.out.println("spandsp v21ch2 (20 dB SNR): " + v21.names());
    assertEquals(List.of("no-signal", "v21-preamble", "v21:hdlc-data(23)", "v21:hdlc-fcs-OK",
        "v21:hdlc-data(13)", "v21:hdlc-fcs-OK", "v21:hdlc-sig-end", "no-signal"), v21.names());
    List<Ifp> data = v21.fields(T38FieldType.HDLC_DATA);
    assertArrayEquals(BitOrder.reversedCopy(CSI), data.get(0).data());
    assertArrayEquals(BitOrder.reversedCopy(DIS), data.get(1).data());
  }
}
