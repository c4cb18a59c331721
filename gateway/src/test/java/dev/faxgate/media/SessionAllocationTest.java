package dev.faxgate.media;

import dev.faxgate.bench.RecordedFax;
import dev.faxgate.config.GatewayConfig;
import dev.faxgate.faxopt.FaxOptions;
import dev.faxgate.faxopt.LegOptions;
import dev.faxgate.faxopt.SessionMode;
import dev.faxgate.relay.DatagramSink;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.PartsPool;
import dev.faxgate.t30.FaxReport;
import dev.faxgate.t30.T30Trace;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import static org.junit.jupiter.api.Assertions.assertTrue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What one session allocates on a media thread that has run sessions before: its processor made
 * by the {@link ProcessorFactory}, a recorded real fax replayed through it tick by tick, and its
 * end as the processing verticle ends it (leg statistics, fax report, T.30 trace). Printed per
 * session kind, in three parts: at construction, while the fax runs, at the end.
 */
class SessionAllocationTest {
  private static final com.sun.management.ThreadMXBean MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final DatagramSink DISCARD = (leg, buf, off, len) -> { };
  /** Ticks after the last datagram, so the fax ends (DCN and its grace). */
  private static final int TAIL_TICKS = 150;
  /** What a session that reuses parts may still allocate at construction (the small objects around the parts). */
  private static final Map<SessionMode, Long> MAX_CONSTRUCTION_BYTES = Map.of(SessionMode.GATEWAY, 16_000L,
      SessionMode.T38_RELAY, 12_000L, SessionMode.AUDIO_RELAY, 8_000L);

  @ParameterizedTest
  @CsvSource({"audio-to-t38-v17,GATEWAY", "t38-to-audio-v17,GATEWAY", "audio-to-t38-v29,GATEWAY",
      "t38-to-audio-v27ter,GATEWAY", "t38-relay-v17,T38_RELAY", "audio-relay-v17,AUDIO_RELAY"})
  void bytesPerSessionOnAWarmThread(String recording, SessionMode mode) throws Exception {
    RecordedFax fax = RecordedFax.load(recording);
    ProcessorFactory factory = new ProcessorFactory(GatewayConfig.defaults());
    MX.setThreadAllocatedMemoryEnabled(true);
    long[] fresh = warmSession(factory, fax, mode, PartsPool.NONE);
    PartsPool parts = new PartsPool(8);
    long[] reused = warmSession(factory, fax, mode, parts);
    System.out.printf("bytes per %s session (%s) on a warm thread, new parts: construction %d, fax %d, end %d, total %d;"
        + " parts reused: construction %d, fax %d, end %d, total %d%n", mode, recording, fresh[0], fresh[1], fresh[2],
        fresh[0] + fresh[1] + fresh[2], reused[0], reused[1], reused[2], reused[0] + reused[1] + reused[2]);
    assertTrue(parts.reused() > 0, "the sessions took parts from the pool");
    assertTrue(reused[0] < MAX_CONSTRUCTION_BYTES.get(mode), "a session that reuses parts allocates less than "
        + MAX_CONSTRUCTION_BYTES.get(mode) + " bytes at construction: " + reused[0]);
  }

  /** The last of six sessions, one after the other, each giving its parts back to {@code parts} at its end. */
  private static long[] warmSession(ProcessorFactory factory, RecordedFax fax, SessionMode mode, PartsPool parts) {
    long[] bytes = null;
    for (int i = 0; i < 6; i++) {
      bytes = session(factory, fax, mode, parts);
    }
    return bytes;
  }

  /** One session: bytes allocated at construction, over the fax, and at its end. */
  private static long[] session(ProcessorFactory factory, RecordedFax fax, SessionMode mode, PartsPool parts) {
    long thread = Thread.currentThread().getId();
    long t0 = MX.getThreadAllocatedBytes(thread);
    MediaProcessor p = factory.create(mode, legs(mode), false, MediaProcessor.LEG_A, new FaxOptions(), parts);
    long t1 = MX.getThreadAllocatedBytes(thread);
    replay(fax, p);
    long t2 = MX.getThreadAllocatedBytes(thread);
    end(p);
    long t3 = MX.getThreadAllocatedBytes(thread);
    FaxReport r = p.faxReport();
    p.recycle();
    Assertions.assertTrue(r.over() && r.success() && r.pages() == 3, r.toString());
    return new long[] {t1 - t0, t2 - t1, t3 - t2};
  }

  private static Map<String, LegOptions> legs(SessionMode mode) {
    LegOptions a = new LegOptions();
    LegOptions b = new LegOptions();
    return Map.of("a", a, "b", b);
  }

  private static void replay(RecordedFax fax, MediaProcessor p) {
    int ticks = fax.durationMillis() / 20 + 1 + TAIL_TICKS;
    int next = 0;
    for (int tick = 0; tick < ticks && !p.faxOver(); tick++) {
      int end = (tick + 1) * 20;
      for (; next < fax.size() && fax.millis(next) < end; next++) {
        byte[] d = fax.payload(next);
        p.receive(fax.leg(next), d, 0, d.length, fax.millis(next) * 8);
      }
      p.tick(DISCARD);
    }
  }

  private static void end(MediaProcessor p) {
    p.legStats(0);
    p.legStats(1);
    FaxReport report = p.faxReport();
    report.toMap();
    T30Trace trace = p.t30Trace();
    if (trace != null) {
      trace.toMap();
    }
  }
}
