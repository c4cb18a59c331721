package dev.faxgate.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.faxgate.modem.FastModem;
import dev.faxgate.t30.DisDcsFields;
import dev.faxgate.t30.FastModemPlan;
import dev.faxgate.t30.Fcf;
import dev.faxgate.t30.Nsf;
import dev.faxgate.t30.Ppr;
import dev.faxgate.t30.Pps;
import dev.faxgate.t30.StationId;
import dev.faxgate.t30.T30Frame;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.t30.T30Trace;
import java.util.Arrays;
import java.util.EnumSet;

/**
 * Coverage-guided fuzz target for T.30 frame parsing: each frame of the input ({@link Chunks}, HDLC
 * order, no FCS) decoded by {@link T30Frame} and the FIF decoders, then the whole exchange through a
 * gateway's {@link T30Supervisor} (which edits DIS/DTC and NSx in place) and a relay's (which must
 * not), alternating sides.
 *
 * <p>Properties: nothing throws; a decoded frame's parts lie inside it and its description is one
 * line; the gateway's edits keep the length, and every DIS/DTC it passes offers no ECM, no V.8, no
 * T.6 and no rate above its policy's (9600, V.29/V.27ter), and every NSx carries the policy's code;
 * the relay's supervisor passes every octet unchanged; the trace is bounded; the outcome and the
 * report can always be made.
 */
class T30FuzzTest {
  private static final int MAX_FRAMES = 400;
  private static final byte[] NSX_CODE = {(byte) 0xAD, 0x00, 0x55};
  private static final T30Supervisor.Policy POLICY = new T30Supervisor.Policy(false,
      EnumSet.of(FastModem.V29, FastModem.V27TER), 2400, 9600, T30Supervisor.NsxPolicy.REWRITE, NSX_CODE);

  @FuzzTest
  void t30(byte[] input) {
    T30Supervisor gateway = new T30Supervisor(POLICY, new FastModemPlan());
    T30Supervisor relay = T30Supervisor.watchOnly();
    int n = 0;
    for (Chunks c = new Chunks(input); c.next() && n < MAX_FRAMES; n++) {
      byte[] frame = Arrays.copyOfRange(c.array(), c.offset(), c.offset() + c.length());
      checkFrame(frame);
      boolean fcsOk = (n & 2) == 0 || frame.length != 5; // now and then a frame with a bad FCS
      byte[] relayed = frame.clone();
      relay.tap((n & 1) == 0 ? T30Supervisor.Side.LEG_A : T30Supervisor.Side.LEG_B)
          .frame(relayed, 0, relayed.length, fcsOk);
      assertArrayEquals(frame, relayed, "a relay passes the frame unchanged");
      gateway.tap((n & 1) == 0 ? T30Supervisor.Side.AUDIO : T30Supervisor.Side.T38)
          .frame(frame, 0, frame.length, fcsOk);
      if (fcsOk) {
        checkEdited(frame);
      }
      if ((n & 7) == 7) {
        gateway.tick();
      }
    }
    for (T30Supervisor s : new T30Supervisor[] {gateway, relay}) {
      T30Supervisor.Outcome o = s.outcome("the media stopped");
      assertNotNull(o);
      assertTrue(o.success() || o.cause() != null, "a failure says why");
      assertNotNull(s.report(o, true).toMap());
      assertTrue(s.trace().frames().size() <= T30Trace.MAX_FRAMES, "trace bounded");
      assertNotNull(s.trace().toMap());
      assertTrue(s.pages() >= 0 && s.pages() <= n, "pages");
    }
  }

  /** What the gateway passes on must honour its policy. */
  private static void checkEdited(byte[] frame) {
    T30Frame f = T30Frame.decode(frame);
    if (f.fcf() == null || f.address() != T30Frame.ADDRESS) {
      return;
    }
    if (f.fcf() == Fcf.DIS || f.fcf() == Fcf.DTC) {
      DisDcsFields d = DisDcsFields.parse(f.fcf(), frame, 3, frame.length - 3);
      assertTrue(!d.v8() && !d.ecm() && !d.t6(), "no V.8, ECM or T.6 passes: " + d.describe());
      if (d.octetsRead() >= 2) {
        assertTrue(d.maxRate() <= 9600 && !d.modems().contains(FastModem.V17), "rates limited: " + d.describe());
      }
    } else if (f.fcf() == Fcf.NSF || f.fcf() == Fcf.NSC || f.fcf() == Fcf.NSS) {
      int n = Math.min(NSX_CODE.length, f.fifLength());
      assertArrayEquals(Arrays.copyOf(NSX_CODE, n), Arrays.copyOfRange(frame, 3, 3 + n), "NSx rewritten");
    }
  }

  /** Decoding and every FIF decoder on one frame. */
  static void checkFrame(byte[] frame) {
    T30Frame f = T30Frame.decode(frame);
    assertNotNull(f.status());
    assertEquals(frame.length, f.length());
    assertEquals(Math.max(0, frame.length - 3), f.fifLength());
    assertEquals(f.status() == T30Frame.Status.OK, f.isOk());
    if (f.fcf() != null) {
      assertEquals(f.fcf(), Fcf.decode(f.fcfOctet()));
    }
    String line = f.describe();
    assertTrue(line.indexOf('\n') < 0 && line.indexOf('\r') < 0, "one line: " + line);
    T30Frame.decodeT38Order(frame, 0, frame.length).describe();
    byte[] fif = f.fif();
    for (Fcf kind : new Fcf[] {Fcf.DIS, Fcf.DCS}) {
      DisDcsFields d = DisDcsFields.parse(kind, fif);
      d.describe();
      d.resolutions();
      d.minScanLineMs();
      d.setBits();
      assertEquals(fif.length, d.withoutEcm().withoutV8().limitRates(EnumSet.allOf(FastModem.class), 14400).length());
    }
    StationId.decode(fif);
    Nsf.parse(fif).describe();
    Pps.parse(fif).describe("PPS");
    Ppr.parse(fif).describe();
  }
}
