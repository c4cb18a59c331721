package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Faxgate's T.30 terminal on audio (the T.38 terminal joined in memory to Faxgate's gateway,
 * {@link dev.faxgate.terminal.AudioTerminalProcessor}) against spandsp's audio terminals
 * (faxpeer audio-recv, audio-send) over G.711 RTP on loopback: the audio rows of the pairwise
 * matrix ({@link TerminalMatrix}), and a fax whose first training is spoiled by noise (FTT, fall-back). Every fax is started at once in {@link #startAll}; each test
 * waits for its own and checks it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TerminalAudioInteropIT {
  @TempDir
  static Path dir;
  private static final TerminalMatrix.Runs runs = new TerminalMatrix.Runs();

  /** Noise on Faxgate's first TCF: it answers FTT, spandsp falls back from 14400 to 12000, and the fax succeeds. */
  static final TerminalMatrix.Fax FTT = TerminalMatrix.Fax.audio("F1", TerminalMatrix.Pairing.RECEIVE_AUDIO, true,
      14400, ImageCoding.MMR, false, 1, "ulaw").with(TerminalMatrix.Twist.NOISY_FIRST_TCF);
  /** Standard, fine, standard pages (EOM and a new DCS twice): Faxgate sends without ECM ... */
  static final TerminalMatrix.Fax MIXED_SEND = TerminalMatrix.Fax.audio("M3", TerminalMatrix.Pairing.SEND_AUDIO, false,
      14400, ImageCoding.MR, false, 3, "ulaw").with(TerminalMatrix.Twist.MIXED_RESOLUTIONS);
  /** ... and receives spandsp's with ECM (PPS-EOM). */
  static final TerminalMatrix.Fax MIXED_RECEIVE = TerminalMatrix.Fax.audio("M4", TerminalMatrix.Pairing.RECEIVE_AUDIO,
      true, 14400, ImageCoding.MMR, false, 3, "alaw").with(TerminalMatrix.Twist.MIXED_RESOLUTIONS);
  static final List<TerminalMatrix.Fax> EXTRA = List.of(FTT, MIXED_SEND, MIXED_RECEIVE);

  static List<TerminalMatrix.Fax> matrix() {
    return TerminalMatrix.on(true);
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
    StringBuilder sb = new StringBuilder(TerminalMatrix.head("Faxgate's terminal on audio against spandsp's"));
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

  /** The rates are checked in {@link TerminalMatrix} (12000 at both ends); here the FTT itself, once, then CFR. */
  @Test
  void aSpoiledFirstTrainingGetsFttAndTheSenderFallsBackARate() throws Exception {
    TerminalMatrix.Outcome o = runs.outcome(FTT);
    System.out.println("[" + FTT.name() + "] " + o.frames().stream().map(f -> f.from() + ":" + f.fcf()).toList());
    assertEquals(1, o.count("a", "FTT"), o.frames().toString());
    assertEquals(2, o.count("b", "DCS"), o.frames().toString());
  }

  /** Standard, fine, standard pages on audio: EOM, DIS again and a new DCS twice; the pages arrive identical. */
  @Test
  void faxgateSendsPagesOfMixedResolutionsWithEomAndANewDcs() throws Exception {
    TerminalT38InteropIT.mixedChecks(runs.outcome(MIXED_SEND), "a", "b");
  }

  @Test
  void faxgateReceivesSpandspsPagesOfMixedResolutions() throws Exception {
    TerminalT38InteropIT.mixedChecks(runs.outcome(MIXED_RECEIVE), "b", "a");
  }
}
