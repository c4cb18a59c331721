package dev.faxgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.gateway.T38ToAudio;
import dev.faxgate.t30.FastModemPlan;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38DataType;
import dev.faxgate.t38.T38FieldType;
import dev.faxgate.t38.T38Indicator;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Every IFP type in every state of the gateway's T.38-to-audio half: after a prefix that leaves it
 * idle, playing CNG, CED, a V.21 burst mid-frame, or a V.17 image burst, each probe (every indicator,
 * every data type with every field type, with and without field-data) is fed, audio is pulled for
 * half a second, and then a real DIS (v21-preamble, hdlc-data, hdlc-fcs-OK-sig-end) must still reach
 * the T.30 tap and be played as V.21 audio: whatever a far end sends, the half neither throws nor gets stuck.
 */
class EveryIfpInEveryStateTest {
  /** spandsp's DIS in T.38 order (the octets of t30.Vectors.SPANDSP_DIS, bit-reversed). */
  private static final byte[] DIS_T38 = reversed(HexFormat.ofDelimiter(" ").parseHex("FF 13 80 00 EE F8 C4 80 91 80 80 80 18"));
  private static final byte[] DATA = {0x12, 0x34, 0x56, 0x78, (byte) 0x9A};

  @Test
  void everyIfpInEveryStateLeavesTheHalfAbleToPlayTheNextDis() {
    List<String> failures = new ArrayList<>();
    int cases = 0;
    for (String state : new String[] {"idle", "cng", "ced", "v21-mid-frame", "v17-image"}) {
      for (Consumer<IfpPacket> probe : probes()) {
        cases++;
        int[] disSeen = {0};
        T38ToAudio half = new T38ToAudio((frame, off, len, ok) -> {
          if (ok && len == DIS_T38.length && (frame[off + 2] & 0xFF) == 0x80) {
            disSeen[0]++;
          }
        }, new FastModemPlan());
        short[] audio = new short[160];
        IfpPacket p = new IfpPacket();
        prefix(state, half, p, audio);
        probe.accept(p);
        String what = state + " then " + p;
        try {
          half.ifp(p);
          play(half, audio, 25);
          half.missing(2);
          half.ifp(p.setIndicator(T38Indicator.NO_SIGNAL));
          play(half, audio, 10);
          half.ifp(p.setIndicator(T38Indicator.V21_PREAMBLE));
          play(half, audio, 10);
          half.ifp(p.setData(T38DataType.V21).addField(T38FieldType.HDLC_DATA, DIS_T38, 0, DIS_T38.length)
              .addField(T38FieldType.HDLC_FCS_OK_SIG_END));
          long played = play(half, audio, 150);
          if (played == 0) {
            failures.add(what + ": no V.21 audio after the next DIS");
          }
        } catch (RuntimeException e) {
          failures.add(what + ": threw " + e);
          continue;
        }
        if (disSeen[0] == 0) {
          failures.add(what + ": the next DIS never reached the tap");
        }
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + cases + " cases:\n" + String.join("\n", failures));
  }

  private static void prefix(String state, T38ToAudio half, IfpPacket p, short[] audio) {
    switch (state) {
      case "cng" -> half.ifp(p.setIndicator(T38Indicator.CNG));
      case "ced" -> half.ifp(p.setIndicator(T38Indicator.CED));
      case "v21-mid-frame" -> {
        half.ifp(p.setIndicator(T38Indicator.V21_PREAMBLE));
        play(half, audio, 5);
        half.ifp(p.setData(T38DataType.V21).addField(T38FieldType.HDLC_DATA, DIS_T38, 0, 4));
      }
      case "v17-image" -> {
        half.ifp(p.setIndicator(T38Indicator.V17_14400_LONG_TRAINING));
        play(half, audio, 5);
        half.ifp(p.setData(T38DataType.V17_14400).addField(T38FieldType.T4_NON_ECM_DATA, DATA, 0, DATA.length));
      }
      default -> { }
    }
    play(half, audio, 5);
  }

  /** Pulls {@code frames} 20 ms frames of audio; returns how many samples were not silent. */
  private static long play(T38ToAudio half, short[] audio, int frames) {
    long loud = 0;
    for (int i = 0; i < frames; i++) {
      half.tx(audio, 0, audio.length);
      for (short a : audio) {
        loud += Math.abs(a) > 1000 ? 1 : 0;
      }
    }
    return loud;
  }

  private static List<Consumer<IfpPacket>> probes() {
    List<Consumer<IfpPacket>> out = new ArrayList<>();
    for (T38Indicator ind : T38Indicator.values()) {
      out.add(p -> p.setIndicator(ind));
    }
    for (T38DataType type : T38DataType.values()) {
      for (T38FieldType field : T38FieldType.values()) {
        out.add(p -> p.setData(type).addField(field, DATA, 0, DATA.length));
        out.add(p -> p.setData(type).addField(field));
      }
      out.add(p -> p.setData(type).setDataFieldPresent(true)); // a data-field of no element
      out.add(p -> p.setData(type)); // no data-field
    }
    return out;
  }

  private static byte[] reversed(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = (byte) (Integer.reverse(b[i]) >>> 24);
    }
    return r;
  }
}
