package dev.faxgate.tools.impair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The statistics of the proxy's decisions, seeded, over many datagrams 20 ms apart. */
class ImpairmentPathTest {
  private static final int N = 200_000;
  private static final long TICK = 20_000_000L;

  /** Runs N datagrams through a path; returns per datagram the copies (0-2) and the first departure. */
  private static long[][] run(Impairment i, long seed, ImpairmentPath[] out) {
    ImpairmentPath path = new ImpairmentPath(i, seed);
    long[] copies = new long[N];
    long[] first = new long[N];
    long[] d = new long[2];
    for (int n = 0; n < N; n++) {
      copies[n] = path.decide(n * TICK, d);
      first[n] = copies[n] > 0 ? d[0] : -1;
    }
    out[0] = path;
    return new long[][] {copies, first};
  }

  @Test
  void independentLossLosesTheRateAskedAndNothingElse() {
    ImpairmentPath[] p = new ImpairmentPath[1];
    run(Impairment.parse("loss=0.05"), 1, p);
    ImpairmentCounts c = p[0].counts();
    assertEquals(0.05, c.lossRate(), 0.003, c.toString());
    assertEquals(0, c.lostInBursts, c.toString());
    assertEquals(0, c.reordered + c.delayed + c.duplicated, c.toString());
    assertEquals(N, c.forwarded + c.lost(), c.toString());
  }

  @Test
  void burstyLossHasTheEventRateAndMeanBurstAsked() {
    ImpairmentPath[] p = new ImpairmentPath[1];
    long[][] r = run(Impairment.parse("burst=0.03x3"), 2, p);
    ImpairmentCounts c = p[0].counts();
    assertEquals(0.09, c.lossRate(), 0.005, c.toString());
    assertEquals(3.0, c.meanBurst(), 0.1, c.toString());
    assertEquals(0.03, (double) c.bursts / N, 0.002, c.toString());
    // measured from the decisions themselves, not the path's own counts: runs of lost datagrams
    int runs = 0;
    int lost = 0;
    int longest = 0;
    for (int n = 0, len = 0; n < N; n++) {
      if (r[0][n] == 0) {
        lost++;
        len++;
        runs += len == 1 ? 1 : 0;
        longest = Math.max(longest, len);
      } else {
        len = 0;
      }
    }
    assertEquals(c.bursts, runs);
    assertEquals(c.lostInBursts, lost);
    assertTrue(longest >= 10, "geometric bursts have a tail: longest " + longest);
    // against independent loss of the same rate, bursts are much longer
    ImpairmentPath[] q = new ImpairmentPath[1];
    run(Impairment.parse("loss=0.09"), 2, q);
    assertEquals(c.lossRate(), q[0].counts().lossRate(), 0.006);
  }

  @Test
  void theSameSeedDecidesAlikeAndAnotherSeedDoesNot() {
    Impairment i = Impairment.parse("loss=0.02,burst=0.03x3,jitter=40,reorder,dup=0.01");
    ImpairmentPath[] p = new ImpairmentPath[1];
    long[][] a = run(i, 7, p);
    long[][] b = run(i, 7, p);
    long[][] c = run(i, 8, p);
    assertArrayEquals(a[0], b[0]);
    assertArrayEquals(a[1], b[1]);
    assertFalse(java.util.Arrays.equals(a[0], c[0]));
  }

  @Test
  void jitterDoesNotChangeWhichDatagramsAreLost() {
    ImpairmentPath[] p = new ImpairmentPath[1];
    long[][] plain = run(Impairment.parse("loss=0.05,burst=0.03x3"), 9, p);
    long[][] jittered = run(Impairment.parse("loss=0.05,burst=0.03x3,jitter=80,reorder"), 9, p);
    assertArrayEquals(plain[0], jittered[0]);
  }

  @Test
  void uniformJitterWithoutReorderingKeepsTheOrder() {
    ImpairmentPath[] p = new ImpairmentPath[1];
    long[][] r = run(Impairment.parse("jitter=40"), 3, p);
    ImpairmentCounts c = p[0].counts();
    assertEquals(0, c.reordered, c.toString());
    double sum = 0;
    for (int n = 1; n < N; n++) {
      assertTrue(r[1][n] >= r[1][n - 1], "datagram " + n + " left before " + (n - 1));
      long delay = r[1][n] - n * TICK;
      assertTrue(delay >= 0 && delay <= 40_000_000L, "delay " + delay); // 20 ms apart: hold-behind stays inside 40 ms
      sum += delay;
    }
    double mean = sum / (N - 1);
    // uniform 0-40 ms has mean 20 ms; holding one behind a later-leaving predecessor adds under a millisecond
    assertTrue(mean > 20e6 && mean < 21.5e6, "mean delay " + mean);
  }

  @Test
  void uniformJitterWithReorderingReordersAsMuchAsTheDelaysOverlap() {
    ImpairmentPath[] p = new ImpairmentPath[1];
    long[][] r = run(Impairment.parse("jitter=80,reorder"), 4, p);
    ImpairmentCounts c = p[0].counts();
    int overtaken = 0;
    long latest = Long.MIN_VALUE;
    for (int n = 0; n < N; n++) {
      long delay = r[1][n] - n * TICK;
      assertTrue(delay >= 0 && delay <= 80_000_000L, "delay " + delay);
      overtaken += r[1][n] < latest ? 1 : 0;
      latest = Math.max(latest, r[1][n]);
    }
    assertEquals(c.reordered, overtaken);
    // 0-80 ms at 20 ms spacing: a datagram leaves before the latest earlier one about 38% of the time
    assertTrue(overtaken > N / 4 && overtaken < N / 2, "reordered " + overtaken);
  }

  @Test
  void normalJitterCentresOnHalfTheRange() {
    ImpairmentPath[] p = new ImpairmentPath[1];
    long[][] r = run(Impairment.parse("jitter=normal:80:10,reorder"), 5, p);
    double sum = 0;
    double sq = 0;
    for (int n = 0; n < N; n++) {
      double delay = (r[1][n] - n * TICK) / 1e6;
      assertTrue(delay >= 0 && delay <= 80, "delay " + delay);
      sum += delay;
      sq += delay * delay;
    }
    double mean = sum / N;
    assertEquals(40, mean, 0.2);
    assertEquals(10, Math.sqrt(sq / N - mean * mean), 0.3);
  }

  @Test
  void duplicationSendsTwoCopiesAtTheRateAsked() {
    ImpairmentPath[] p = new ImpairmentPath[1];
    run(Impairment.parse("dup=0.1"), 6, p);
    ImpairmentCounts c = p[0].counts();
    assertEquals(0.1, (double) c.duplicated / N, 0.004, c.toString());
    assertEquals(N + c.duplicated, c.forwarded);
  }

  @Test
  void theTextFormRoundTripsAndBadValuesAreRefused() {
    for (String s : new String[] {"none", "loss=0.05", "burst=0.03x3,jitter=40", "jitter=normal:80:10,reorder,dup=0.01"}) {
      assertEquals(s, Impairment.parse(s).toString());
    }
    assertEquals(0.09, Impairment.parse("burst=0.03x3").expectedLoss(), 1e-9);
    assertThrows(IllegalArgumentException.class, () -> Impairment.parse("loss=1.5"));
    assertThrows(IllegalArgumentException.class, () -> Impairment.parse("burst=0.5x3"));
    assertThrows(IllegalArgumentException.class, () -> Impairment.parse("lose=0.1"));
  }
}
