package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.terminal.ImageCoding;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faxgate's T.30 terminal over T.38 against spandsp's (faxpeer t38-recv, t38-send) over real UDPTL
 * on loopback: the T.38 rows of the pairwise matrix ({@link TerminalMatrix}), an ECM fax
 * through 2 % loss, a fax with FAXOPT headerinfo, and non-ECM pages damaged into RTN and RTP. Every fax is started at once in {@link #startAll} (they are independent
 * real-time calls, so the class takes about as long as its longest fax); each test waits for its
 * own and checks it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TerminalT38InteropIT {
  @TempDir
  static Path dir;
  private static final TerminalMatrix.Runs runs = new TerminalMatrix.Runs();

  /**
   * 2 % of what Faxgate sends is lost on the way to faxpeer; image data carries no redundancy, so
   * ECM's partial page requests repair it (control frames and indicators carry 3 copies, as the
   * categories allow). MH, 3 pages: enough frames (about 150) that the loss hits several.
   */
  static final TerminalMatrix.Fax LOSS = TerminalMatrix.Fax.t38("L1", TerminalMatrix.Pairing.SEND_T38, true, 14400,
      ImageCoding.MH, false, 3, 0).with(TerminalMatrix.Twist.LOSS);
  /** FAXOPT headerinfo set: faxpeer receives 2 fine pages, each with the header line drawn above it. */
  static final TerminalMatrix.Fax HEADER = TerminalMatrix.Fax.t38("H1", TerminalMatrix.Pairing.SEND_T38, true, 14400,
      ImageCoding.MMR, true, 2, 3).with(TerminalMatrix.Twist.HEADER);
  /** Non-ECM MH pages from spandsp, the first one damaged on its way into Faxgate's decoder. */
  static final TerminalMatrix.Fax RTN = TerminalMatrix.Fax.t38("Q1", TerminalMatrix.Pairing.RECEIVE_T38, false, 14400,
      ImageCoding.MH, false, 2, 0).with(TerminalMatrix.Twist.BAD_ROWS_RTN);
  static final TerminalMatrix.Fax RTP = TerminalMatrix.Fax.t38("Q2", TerminalMatrix.Pairing.RECEIVE_T38, false, 14400,
      ImageCoding.MH, false, 2, 3).with(TerminalMatrix.Twist.BAD_ROWS_RTP);
  /** Standard, fine, standard pages: EOM and a new DCS twice. Faxgate sends with ECM (PPS-EOM)... */
  static final TerminalMatrix.Fax MIXED_SEND = TerminalMatrix.Fax.t38("M1", TerminalMatrix.Pairing.SEND_T38, true,
      14400, ImageCoding.MMR, false, 3, 3).with(TerminalMatrix.Twist.MIXED_RESOLUTIONS);
  /** ... and spandsp sends without (EOM, as its t30.c decides when the next TIFF page's format differs). */
  static final TerminalMatrix.Fax MIXED_RECEIVE = TerminalMatrix.Fax.t38("M2", TerminalMatrix.Pairing.RECEIVE_T38,
      false, 9600, ImageCoding.MR, false, 3, 0).with(TerminalMatrix.Twist.MIXED_RESOLUTIONS);
  static final List<TerminalMatrix.Fax> EXTRA = List.of(LOSS, HEADER, RTN, RTP, MIXED_SEND, MIXED_RECEIVE);

  static List<TerminalMatrix.Fax> matrix() {
    return TerminalMatrix.on(false);
  }

  @BeforeAll
  static void startAll() {
    Faxpeer.binary();
    for (TerminalMatrix.Fax f : matrix()) {
      runs.start(dir, f);
    }
    for (TerminalMatrix.Fax f : EXTRA) {
      if (TerminalMatrix.selected(f.name())) {
        runs.start(dir, f);
      }
    }
  }

  @AfterAll
  static void printTable() {
    StringBuilder sb = new StringBuilder(TerminalMatrix.head("Faxgate's terminal on T.38 against spandsp's"));
    for (TerminalMatrix.Fax f : matrix()) {
      sb.append(runs.row(f)).append('\n');
    }
    for (TerminalMatrix.Fax f : EXTRA.stream().filter(x -> TerminalMatrix.selected(x.name())).toList()) {
      sb.append(runs.row(f)).append(" (").append(f.twist()).append(")\n");
    }
    System.out.println(sb);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void pairwise(TerminalMatrix.Fax f) throws Exception {
    runs.outcome(f);
  }

  @Test
  void faxgateSendsEcmThroughLossAndTheLostFramesComeAgainOnPpr() throws Exception {
    TerminalMatrix.Outcome o = runs.outcome(LOSS);
    long pprs = o.count("b", "PPR");
    System.out.println("[" + LOSS.name() + "] 2 % loss: faxpeer sent " + pprs + " PPR(s); all pages identical");
    assertTrue(pprs >= 1, "the loss made no PPR: " + o.line());
  }

  /** Checked in {@link TerminalMatrix}: the header rows against the font's raster, the rest against the page sent. */
  @Test
  void theHeaderLineArrivesOnEveryPageAsTheFontDrawsIt() throws Exception {
    runs.outcome(HEADER);
  }

  /**
   * ~9 % of the first page's rows bad (T.30 5.3.6.2: a page a receiver finds unacceptable gets
   * RTN): Faxgate answers RTN and drops the page, spandsp retrains and sends it again, and the
   * pages that arrive are identical to the ones sent.
   */
  @Test
  void aBadlyDamagedNonEcmPageGetsRtnAndComesAgain() throws Exception {
    TerminalMatrix.Outcome o = runs.outcome(RTN);
    System.out.println("[" + RTN.name() + "] answers " + answers(o));
    assertEquals(1, o.count("a", "RTN"), o.frames().toString());
    assertEquals(0, o.count("a", "RTP"), o.frames().toString());
  }

  /** ~3 % of the first page's rows bad: kept (rows concealed) with RTP, then a retrain; the fax ends OK. */
  @Test
  void aSlightlyDamagedNonEcmPageGetsRtp() throws Exception {
    TerminalMatrix.Outcome o = runs.outcome(RTP);
    System.out.println("[" + RTP.name() + "] answers " + answers(o));
    assertEquals(1, o.count("a", "RTP"), o.frames().toString());
    assertEquals(0, o.count("a", "RTN"), o.frames().toString());
  }

  /**
   * A document of standard, fine, standard pages both ways: the sender ends pages 1 and 2 with EOM,
   * the receiver sends its DIS again after each, three DCSs (one more per FTT); the pages arrive identical (checked in
   * {@link TerminalMatrix}, with each end's result).
   */
  @Test
  void faxgateSendsPagesOfMixedResolutionsWithEomAndANewDcs() throws Exception {
    mixedChecks(runs.outcome(MIXED_SEND), "a", "b");
  }

  @Test
  void faxgateReceivesSpandspsPagesOfMixedResolutions() throws Exception {
    mixedChecks(runs.outcome(MIXED_RECEIVE), "b", "a");
  }

  static void mixedChecks(TerminalMatrix.Outcome o, String sender, String receiver) {
    System.out.println("[" + o.fax().name() + "] " + answers(o));
    assertEquals(2, o.eoms(sender), answers(o).toString());
    assertEquals(3, o.count(receiver, "DIS"), answers(o).toString());
    // a DCS per format, and one more after each FTT (a TCF spoiled on the loaded machine: T.30's own fall-back)
    assertEquals(3 + o.count(receiver, "FTT"), o.count(sender, "DCS"), answers(o).toString());
  }

  static List<String> answers(TerminalMatrix.Outcome o) {
    return o.frames().stream().map(f -> f.from() + ":" + f.fcf()).toList();
  }
}
