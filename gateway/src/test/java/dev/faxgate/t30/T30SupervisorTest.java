package dev.faxgate.t30;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.modem.FastModem;
import dev.faxgate.t30.T30Supervisor.NsxPolicy;
import dev.faxgate.t30.T30Supervisor.Phase;
import dev.faxgate.t30.T30Supervisor.Policy;
import dev.faxgate.t30.T30Supervisor.Side;
import java.util.EnumSet;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The T.30 supervisor on real frames (HDLC order, docs/dsp.md §5 examples): edits, plan and score. */
class T30SupervisorTest {
  /** DIS: V.27ter+V.29+V.17, fine, 2-D, A4+B4, 20 ms, ECM and T.6 (docs/dsp.md §5.3). */
  private static final String DIS = "ff1380 00ee8444";
  /** DCS with X = 1: V.17 14400, fine, 2-D. */
  private static final String DCS_V17_14400 = "ff1383 00e200";
  /** DCS with X = 1: V.27ter 4800, standard. */
  private static final String DCS_V27_4800 = "ff1383 004a00";

  private final FastModemPlan plan = new FastModemPlan();

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  private static byte[] control(int fcf) {
    return new byte[] {(byte) 0xFF, 0x13, (byte) fcf};
  }

  private static byte[] identity(boolean tsi, String id) {
    byte[] fif = StationId.encode(id);
    byte[] f = new byte[3 + fif.length];
    f[0] = (byte) 0xFF;
    f[1] = 0x03;
    f[2] = (byte) (tsi ? 0x43 : 0x40);
    System.arraycopy(fif, 0, f, 3, fif.length);
    return f;
  }

  private static void pass(T30Supervisor s, Side side, byte[] frame) {
    s.tap(side).frame(frame, 0, frame.length, true);
  }

  private T30Supervisor supervisor(Policy policy) {
    return new T30Supervisor(policy, plan);
  }

  @Test
  void disIsEditedInPlacePerFaxopt() {
    byte[] dis = hex(DIS);
    pass(supervisor(Policy.permissive()), Side.T38, dis);
    assertArrayEquals(hex(DIS), dis, "nothing to edit: no V.8 bit, everything allowed");

    dis = hex(DIS);
    Policy noEcm = new Policy(false, EnumSet.allOf(FastModem.class), 2400, 14400, NsxPolicy.SUPPRESS, Policy.SUPPRESSED);
    pass(supervisor(noEcm), Side.AUDIO, dis);
    assertArrayEquals(hex("ff1380 00ee8400"), dis, "ecm=no clears ECM (bit 27) and T.6 (bit 31)");

    dis = hex(DIS);
    Policy max9600 = new Policy(true, EnumSet.allOf(FastModem.class), 2400, 9600, NsxPolicy.SUPPRESS, Policy.SUPPRESSED);
    pass(supervisor(max9600), Side.T38, dis);
    assertArrayEquals(hex("ff1380 00ce8444"), dis, "maxrate=9600 leaves V.27ter and V.29 (bits 11-14 = 1100)");

    dis = hex("ff1380 20ee8444");
    pass(supervisor(Policy.permissive()), Side.T38, dis);
    assertEquals(0, dis[3] & 0x20, "the V.8 bit (6) is always cleared");
  }

  @Test
  void aBadFrameIsNeitherEditedNorCounted() {
    byte[] dis = hex(DIS);
    T30Supervisor s = supervisor(new Policy(false, EnumSet.allOf(FastModem.class), 2400, 14400, NsxPolicy.SUPPRESS,
        Policy.SUPPRESSED));
    s.tap(Side.AUDIO).frame(dis, 0, dis.length, false);
    assertArrayEquals(hex(DIS), dis);
    assertEquals(0, s.framesFromAudio());
    assertEquals(Phase.A, s.phase());
  }

  @Test
  void nsxPolicies() {
    String nsf = "ff0320 ad0059 0102030405";
    byte[] f = hex(nsf);
    pass(supervisor(Policy.permissive()), Side.AUDIO, f);
    assertArrayEquals(hex("ff0320 ff0000 0102030405"), f, "suppress: country and vendor octets become FF 00 00");

    f = hex(nsf);
    pass(supervisor(new Policy(true, EnumSet.allOf(FastModem.class), 2400, 14400, NsxPolicy.PASS, null)), Side.AUDIO, f);
    assertArrayEquals(hex(nsf), f);

    f = hex(nsf);
    pass(supervisor(new Policy(true, EnumSet.allOf(FastModem.class), 2400, 14400, NsxPolicy.REWRITE, hex("b50012"))),
        Side.T38, f);
    assertArrayEquals(hex("ff0320 b50012 0102030405"), f);
  }

  @Test
  void aWatchOnlySupervisorScoresTheSameButChangesNoOctet() {
    T30Supervisor s = T30Supervisor.watchOnly();
    assertFalse(s.edits());
    byte[] nsf = hex("ff0320 ad0059 0102030405");
    byte[] dis = hex("ff1380 20ee8444"); // with the V.8 bit, which a gateway clears
    byte[] dcs = hex(DCS_V27_4800); // below any minrate: a relay reports it, it does not end the fax
    pass(s, Side.LEG_B, nsf);
    pass(s, Side.LEG_B, identity(false, "+1 555 0100"));
    pass(s, Side.LEG_B, dis);
    pass(s, Side.LEG_A, dcs);
    pass(s, Side.LEG_B, control(0x84)); // CFR
    assertArrayEquals(hex("ff0320 ad0059 0102030405"), nsf, "NSF passes as it came");
    assertArrayEquals(hex("ff1380 20ee8444"), dis, "DIS passes as it came");
    assertArrayEquals(hex(DCS_V27_4800), dcs);
    assertFalse(s.aborted());
    pass(s, Side.LEG_A, control(0x2F)); // EOP
    pass(s, Side.LEG_B, control(0x8C)); // MCF
    pass(s, Side.LEG_A, control(0xFB)); // DCN
    T30Supervisor.Outcome o = s.outcome("unused");
    assertTrue(o.success(), o.toString());
    assertEquals(1, s.pages());
    assertEquals(DataRate.V27TER_4800, s.rate());
    assertEquals("+1 555 0100", s.remoteStationId());
    assertEquals(DataRate.V27TER_4800, s.plan().rate(), "the plan follows as a gateway's");
    assertEquals(3, s.frames(Side.LEG_A));
    assertEquals(5, s.frames(Side.LEG_B));
    assertEquals(8, s.frames());
    assertEquals(0, s.framesFromAudio() + s.framesFromT38());
    FaxReport report = s.report(o, true);
    assertEquals(new FaxReport(true, true, "OK", "NO_ERROR", null, 1, 4800, "204x196", "+1 555 0100", false, "V27"),
        report);
  }

  @Test
  void aTwoPageNonEcmFaxIsScoredAndThePlanFollows() {
    T30Supervisor s = supervisor(Policy.permissive());
    pass(s, Side.T38, identity(false, "+1 555 0100"));
    pass(s, Side.T38, hex(DIS));
    assertEquals(Phase.B, s.phase());
    pass(s, Side.AUDIO, identity(true, "+44 20 7946 0000"));
    pass(s, Side.AUDIO, hex(DCS_V17_14400));
    assertEquals(DataRate.V17_14400, plan.rate());
    assertTrue(plan.tcf());
    assertFalse(plan.shortTrain());
    assertFalse(plan.ecm());
    assertEquals(14400 * 20 / 1000, plan.minRowBits());
    pass(s, Side.T38, control(0x84)); // CFR
    assertEquals(Phase.C, s.phase());
    assertFalse(plan.tcf());
    assertTrue(plan.shortTrain());
    pass(s, Side.AUDIO, control(0x4F)); // MPS with X = 1
    assertEquals(Phase.D, s.phase());
    pass(s, Side.T38, control(0x8C)); // MCF
    assertEquals(1, s.pages());
    pass(s, Side.AUDIO, control(0x2F)); // EOP
    pass(s, Side.T38, control(0x8C));
    pass(s, Side.AUDIO, control(0xFB)); // DCN
    assertTrue(s.over());
    T30Supervisor.Outcome o = s.outcome("unused");
    assertTrue(o.success());
    assertNull(o.failingPhase());
    assertEquals(2, s.pages());
    assertEquals(DataRate.V17_14400, s.rate());
    assertEquals("204x196", s.resolution());
    assertEquals(Boolean.FALSE, s.ecmUsed());
    assertEquals("+1 555 0100", s.remoteStationId(), "the called machine's CSI");
    assertEquals("+44 20 7946 0000", s.tsi());
    assertEquals(Phase.E, s.phase());
  }

  @Test
  void anUnansweredEopThenDcnFailsInPhaseD() {
    T30Supervisor s = supervisor(Policy.permissive());
    pass(s, Side.T38, hex(DIS));
    pass(s, Side.AUDIO, hex(DCS_V17_14400));
    pass(s, Side.T38, control(0x84));
    pass(s, Side.AUDIO, control(0x4F)); // MPS
    pass(s, Side.T38, control(0x8C)); // MCF: page 1
    pass(s, Side.AUDIO, control(0x2F)); // EOP, three times, no answer
    pass(s, Side.AUDIO, control(0x2F));
    pass(s, Side.AUDIO, control(0x2F));
    pass(s, Side.AUDIO, control(0xFB)); // DCN
    T30Supervisor.Outcome o = s.outcome("unused");
    assertFalse(o.success());
    assertEquals(Phase.D, o.failingPhase());
    assertEquals("UNEXPECTED_DCN", o.error());
    assertTrue(o.cause().contains("phase D") && o.cause().contains("EOP for page 2 was not answered"), o.cause());
    assertEquals(1, s.pages());
  }

  @Test
  void aCallThatDropsMidPageFailsInPhaseC() {
    T30Supervisor s = supervisor(Policy.permissive());
    pass(s, Side.T38, hex(DIS));
    pass(s, Side.AUDIO, hex(DCS_V17_14400));
    pass(s, Side.T38, control(0x84));
    T30Supervisor.Outcome o = s.outcome("the T.38 (UDPTL) leg fell silent");
    assertEquals(Phase.C, o.failingPhase());
    assertEquals("CALL_DROPPED", o.error());
    assertTrue(o.cause().startsWith("the T.38 (UDPTL) leg fell silent in phase C"), o.cause());
  }

  @Test
  void aPolicyWrittenBeforeTheFirstDisEditsItAndAfterItIsRefusedNamingThePhase() {
    T30Supervisor s = supervisor(Policy.permissive());
    Policy max9600 = new Policy(true, EnumSet.allOf(FastModem.class), 2400, 9600, NsxPolicy.SUPPRESS, Policy.SUPPRESSED);
    assertNull(s.update(max9600, T30Supervisor.PolicyItem.MAX_RATE), "before any DIS the write acts");
    byte[] dis = hex(DIS);
    pass(s, Side.T38, dis);
    assertArrayEquals(hex("ff1380 00ce8444"), dis, "the first DIS offers only what maxrate=9600 leaves");

    Policy noEcm = new Policy(false, EnumSet.allOf(FastModem.class), 2400, 9600, NsxPolicy.SUPPRESS, Policy.SUPPRESSED);
    for (T30Supervisor.PolicyItem item : new T30Supervisor.PolicyItem[] {
        T30Supervisor.PolicyItem.ECM, T30Supervisor.PolicyItem.MODEMS, T30Supervisor.PolicyItem.MAX_RATE}) {
      String why = s.update(noEcm, item);
      assertTrue(why != null && why.contains("DIS") && why.contains("phase B"), item + ": " + why);
    }
    assertSame(max9600, s.policy(), "a refused write leaves the policy as it was");
    dis = hex(DIS);
    pass(s, Side.T38, dis);
    assertArrayEquals(hex("ff1380 00ce8444"), dis, "a repeated DIS is edited as the first was: ECM still offered");
  }

  @Test
  void minrateActsUntilCfr() {
    T30Supervisor s = supervisor(Policy.permissive());
    pass(s, Side.T38, hex(DIS));
    pass(s, Side.AUDIO, hex(DCS_V27_4800));
    Policy min9600 = new Policy(true, EnumSet.allOf(FastModem.class), 9600, 14400, NsxPolicy.SUPPRESS, Policy.SUPPRESSED);
    assertNull(s.update(min9600, T30Supervisor.PolicyItem.MIN_RATE), "after DIS and DCS, before CFR, minrate still acts");
    pass(s, Side.T38, control(0x84));
    assertTrue(s.aborted(), "the CFR for 4800 is below the minrate written before it");
    assertEquals("RATE_BELOW_MINRATE", s.outcome("unused").error());

    T30Supervisor t = supervisor(Policy.permissive());
    pass(t, Side.T38, hex(DIS));
    pass(t, Side.AUDIO, hex(DCS_V27_4800));
    pass(t, Side.T38, control(0x84));
    String why = t.update(min9600, T30Supervisor.PolicyItem.MIN_RATE);
    assertTrue(why != null && why.contains("CFR") && why.contains("phase C"), why);
    assertFalse(t.aborted(), "a refused minrate ends nothing");
  }

  @Test
  void theTraceKeepsEachFrameAsItLeftWithItsTimeEditAndFcs() {
    Policy max9600 = new Policy(true, EnumSet.allOf(FastModem.class), 2400, 9600, NsxPolicy.SUPPRESS, Policy.SUPPRESSED);
    T30Supervisor s = supervisor(max9600);
    s.tick();
    pass(s, Side.T38, hex(DIS));
    s.tick();
    s.tick();
    byte[] broken = hex(DCS_V17_14400);
    s.tap(Side.AUDIO).frame(broken, 0, broken.length, false);
    pass(s, Side.AUDIO, hex(DCS_V27_4800));
    pass(s, Side.T38, control(0x84));
    pass(s, Side.AUDIO, control(0xFB)); // DCN with the X bit

    java.util.List<T30Trace.Frame> frames = s.trace().frames();
    assertEquals(java.util.List.of("DIS", "DCS", "DCS", "CFR", "DCN"), frames.stream().map(T30Trace.Frame::fcf).toList());
    assertEquals(new T30Trace.Frame("t38", 20, "DIS", "ff138000ce8444", true, true), frames.get(0),
        "the DIS as it left: edited to maxrate 9600");
    assertEquals(new T30Trace.Frame("audio", 60, "DCS", "ff138300e200", false, false), frames.get(1),
        "a frame with a bad FCS is kept, not scored");
    assertEquals(new T30Trace.Frame("audio", 60, "DCS", "ff1383004a00", false, true), frames.get(2));
    assertFalse(frames.get(3).edited());
    assertEquals(DataRate.V27TER_4800, s.rate(), "the bad DCS did not count");

    java.util.Map<String, Object> summary = s.trace().summary();
    assertEquals(5, summary.get("frames"));
    assertEquals(1, summary.get("badFcs"));
    assertEquals(1, summary.get("dis"));
    assertEquals(1, summary.get("dcs"));
    assertEquals(1, summary.get("cfr"));
    assertEquals(1, summary.get("dcn"));
    assertEquals(0, summary.get("ftt"));
    assertEquals(java.util.List.of(4800), summary.get("rates"));
  }

  @Test
  void theTraceKeepsTheFirstFramesAndCountsThemAll() {
    T30Supervisor s = T30Supervisor.watchOnly();
    for (int i = 0; i < T30Trace.MAX_FRAMES + 50; i++) {
      pass(s, Side.LEG_A, control(0x6F)); // RR
    }
    assertEquals(T30Trace.MAX_FRAMES, s.trace().frames().size());
    assertEquals(T30Trace.MAX_FRAMES + 50, s.trace().total());
    assertEquals(T30Trace.MAX_FRAMES + 50, s.trace().summary().get("frames"));
    assertEquals("a", s.trace().frames().get(0).from());
  }

  @Test
  void noWriteActsOnAWatchOnlySupervisor() {
    T30Supervisor s = T30Supervisor.watchOnly();
    for (T30Supervisor.PolicyItem item : T30Supervisor.PolicyItem.values()) {
      String why = s.update(Policy.permissive(), item);
      assertTrue(why != null && why.contains("unedited"), item + ": " + why);
    }
  }

  @Test
  void settlingBelowMinrateEndsTheFax() {
    T30Supervisor s = supervisor(new Policy(true, EnumSet.allOf(FastModem.class), 9600, 14400, NsxPolicy.SUPPRESS,
        Policy.SUPPRESSED));
    pass(s, Side.T38, hex(DIS));
    pass(s, Side.AUDIO, hex(DCS_V27_4800));
    assertEquals(DataRate.V27TER_4800, plan.rate());
    assertFalse(s.over(), "a DCS alone may still be followed by FTT and a faster retry");
    pass(s, Side.T38, control(0x84));
    assertTrue(s.aborted());
    T30Supervisor.Outcome o = s.outcome("unused");
    assertEquals("RATE_BELOW_MINRATE", o.error());
    assertTrue(o.cause().contains("4800") && o.cause().contains("minrate 9600"), o.cause());
  }

  @Test
  void ecmBlocksCountOnlyWhenThePpsEndsAPage() {
    T30Supervisor s = supervisor(Policy.permissive());
    pass(s, Side.T38, hex(DIS));
    pass(s, Side.AUDIO, hex("ff1383 00e280 04")); // DCS V.17 14400 with ECM (bit 27, in the 4th FIF octet)
    assertTrue(plan.ecm());
    pass(s, Side.T38, control(0x84));
    pass(s, Side.AUDIO, hex("ff13bf 00 00 00 ff")); // PPS-NULL: a partial page
    pass(s, Side.T38, control(0x8C));
    assertEquals(0, s.pages());
    assertTrue(plan.shortTrain());
    pass(s, Side.AUDIO, hex("ff13bf 2f 00 01 ff")); // PPS-EOP
    pass(s, Side.T38, hex("ff13bd" + "00".repeat(32))); // PPR
    assertEquals(0, s.pages());
    pass(s, Side.AUDIO, hex("ff13bf 2f 00 01 03"));
    pass(s, Side.T38, control(0x8C));
    pass(s, Side.AUDIO, control(0xFB));
    assertEquals(1, s.pages());
    assertTrue(s.outcome("unused").success());
    assertEquals(Boolean.TRUE, s.ecmUsed());
  }

  /** The frames of ImpairedFaxIT's burst fax (seed 22): ECM, 2 pages, PPS-EOP from the T.38 sender, MCF from the audio receiver. */
  private T30Supervisor throughPpsEopAndMcf() {
    T30Supervisor s = supervisor(Policy.permissive());
    pass(s, Side.AUDIO, hex("ff13830022f844")); // the receiver's DIS
    pass(s, Side.T38, hex("ff13bf4f00002f")); // PPS-MPS, page 0
    pass(s, Side.AUDIO, control(0x8C));
    pass(s, Side.T38, hex("ff13bf2f010031")); // PPS-EOP, page 1
    pass(s, Side.AUDIO, control(0x8C)); // MCF: EOP confirmed
    return s;
  }

  @Test
  void afterTheMcfThatConfirmsEopOnlyTheSendersDcnIsExpectedAndOnlyForOneSecond() {
    T30Supervisor s = throughPpsEopAndMcf();
    assertTrue(s.dcnExpectedFrom(Side.T38), "the sender's DCN is all T.30 allows it now");
    assertFalse(s.dcnExpectedFrom(Side.AUDIO), "the receiver, which sent the MCF, is not the one to send DCN");
    for (int i = 0; i < T30Supervisor.DCN_WINDOW_TICKS; i++) {
      s.tick();
    }
    assertTrue(s.dcnExpectedFrom(Side.T38), "1 s after the MCF");
    s.tick();
    assertFalse(s.dcnExpectedFrom(Side.T38), "later, a signal may be the sender repeating its PPS-EOP (its T4 expired)");

    s = throughPpsEopAndMcf();
    pass(s, Side.T38, hex("ff13bf2f010031")); // the PPS-EOP repeated: the sender missed the MCF
    assertFalse(s.dcnExpectedFrom(Side.T38));

    s = supervisor(Policy.permissive());
    pass(s, Side.T38, hex("ff13bf4f00002f")); // PPS-MPS
    pass(s, Side.AUDIO, control(0x8C));
    assertFalse(s.dcnExpectedFrom(Side.T38), "after MPS another page comes, not DCN");
  }

  @Test
  void aFaxWhoseEopWasConfirmedSucceedsEvenIfItsDcnNeverArrives() {
    T30Supervisor s = throughPpsEopAndMcf();
    T30Supervisor.Outcome o = s.outcome("the T.38 (UDPTL) leg fell silent");
    assertTrue(o.success(), "every page confirmed; the lost DCN transfers nothing: " + o);
    assertEquals(2, s.pages());
    assertFalse(s.dcnSeen());

    T30Supervisor notConfirmed = supervisor(Policy.permissive());
    pass(notConfirmed, Side.T38, hex("ff13bf4f00002f"));
    pass(notConfirmed, Side.AUDIO, control(0x8C));
    pass(notConfirmed, Side.T38, hex("ff13bf2f010031")); // PPS-EOP, no answer
    assertFalse(notConfirmed.outcome("the T.38 (UDPTL) leg fell silent").success());
  }

  @Test
  void anEcmPageWhosePpsIsRepeatedAfterALostMcfCountsOnce() {
    T30Supervisor s = supervisor(Policy.permissive());
    pass(s, Side.T38, hex(DIS));
    pass(s, Side.AUDIO, hex("ff1383 00e280 04")); // DCS V.17 14400 with ECM
    pass(s, Side.T38, control(0x84));
    pass(s, Side.AUDIO, hex("ff13bf 4f 00 00 03")); // PPS-MPS, page 0
    pass(s, Side.T38, control(0x8C)); // MCF: lost on its way to the sender, which repeats
    pass(s, Side.AUDIO, hex("ff13bf 4f 00 00 03"));
    pass(s, Side.T38, control(0x8C));
    assertEquals(1, s.pages(), "the repeated PPS-MPS of page 0 is not a second page");
    pass(s, Side.AUDIO, hex("ff13bf 2f 01 00 03")); // PPS-EOP, page 1
    pass(s, Side.T38, control(0x8C));
    pass(s, Side.AUDIO, control(0xFB));
    assertEquals(2, s.pages());
    assertTrue(s.outcome("unused").success());
  }

  @Test
  void aNonEcmPostPageCommandRepeatedWithNoPageSinceItsMcfCountsOnce() {
    T30Supervisor s = supervisor(Policy.permissive());
    pass(s, Side.T38, hex(DIS));
    pass(s, Side.AUDIO, hex(DCS_V17_14400));
    plan.fastSignal(); // TCF
    pass(s, Side.T38, control(0x84)); // CFR
    plan.fastSignal(); // page 1
    pass(s, Side.AUDIO, control(0x4F)); // MPS
    pass(s, Side.T38, control(0x8C)); // MCF, lost on its way to the sender
    pass(s, Side.AUDIO, control(0x4F)); // the same MPS again, 3 s later: no training since
    pass(s, Side.T38, control(0x8C));
    assertEquals(1, s.pages());
    plan.fastSignal(); // page 2
    pass(s, Side.AUDIO, control(0x2F)); // EOP
    pass(s, Side.T38, control(0x8C));
    pass(s, Side.AUDIO, control(0x2F)); // its MCF lost too
    pass(s, Side.T38, control(0x8C));
    pass(s, Side.AUDIO, control(0xFB));
    assertEquals(2, s.pages());
    assertTrue(s.outcome("unused").success());
  }
}
