package dev.faxgate.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.bench.RecordedFax;
import dev.faxgate.relay.AudioRelay;
import dev.faxgate.relay.DatagramSink;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.PartsPool;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.rtp.G711;
import dev.faxgate.t30.T30Supervisor;
import dev.faxgate.udptl.UdptlErrorCorrection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A processor built on parts that ended sessions gave back ({@link PartsPool}) behaves exactly as
 * one built new: the same recorded real fax replayed through a new processor and through one whose
 * parts last served other faxes, cut off halfway (mid-page, mid-training: the state a session that
 * ends early leaves its parts in), sends the same bytes on both legs at the same ticks, and reports
 * the same statistics and fax outcome.
 */
class PartsReuseTest {
  private static final List<String> GATEWAY_RECORDINGS = List.of("audio-to-t38-v17", "t38-to-audio-v17",
      "audio-to-t38-v29", "t38-to-audio-v29", "audio-to-t38-v27ter", "t38-to-audio-v27ter");
  private static final T38Relay.LegConfig V0_REDUNDANCY =
      new T38Relay.LegConfig(0, UdptlErrorCorrection.REDUNDANCY, 3, 3, 3, 3, 3, 1400);
  private static final T38Relay.LegConfig V3_FEC = new T38Relay.LegConfig(3, UdptlErrorCorrection.FEC, 3, 3, 3, 3, 3, 1400);
  private static final long SILENCE_TICKS = 30 * 50;
  private static final long SEED = 11;
  /** Ticks after the last datagram, so the fax ends (DCN and its grace). */
  private static final int TAIL_TICKS = 150;

  private static GatewayRelay gateway(PartsPool parts) {
    return new GatewayRelay(MediaProcessor.LEG_A, G711.PT_PCMU, 3, V0_REDUNDANCY, T30Supervisor.Policy.permissive(),
        SILENCE_TICKS, SEED, parts);
  }

  /**
   * Parts made at a node's start (media.prewarm_sessions: a gateway built and given back at once,
   * before it ever ran) serve a fax as new ones do.
   */
  @ParameterizedTest
  @CsvSource({"audio-to-t38-v17", "t38-to-audio-v17", "audio-to-t38-v29", "t38-to-audio-v27ter"})
  void aGatewayOnPrewarmedPartsSendsWhatANewOneSends(String recording) throws IOException {
    int adaptive = dev.faxgate.rtp.PlayoutDelay.bounds(3, 10); // as a node's defaults make it: 60 ms up to 200
    Function<PartsPool, MediaProcessor> make = pool -> new GatewayRelay(MediaProcessor.LEG_A, G711.PT_PCMU, adaptive,
        V0_REDUNDANCY, T30Supervisor.Policy.permissive(), SILENCE_TICKS, SEED, pool);
    PartsPool parts = new PartsPool(4);
    make.apply(parts).recycle();
    sameAsNew(RecordedFax.load(recording), make, parts);
  }

  @ParameterizedTest
  @CsvSource({"audio-to-t38-v17", "t38-to-audio-v17", "audio-to-t38-v29", "t38-to-audio-v29", "audio-to-t38-v27ter",
      "t38-to-audio-v27ter"})
  void aGatewayOnReusedPartsSendsWhatANewOneSends(String recording) throws IOException {
    RecordedFax fax = RecordedFax.load(recording);
    PartsPool parts = new PartsPool(4);
    for (String other : GATEWAY_RECORDINGS) { // each session takes the parts the one before gave back
      if (!other.equals(recording)) {
        RecordedFax dirty = RecordedFax.load(other);
        GatewayRelay used = gateway(parts);
        replay(dirty, used, dirty.durationMillis() / 40);
        used.recycle();
      }
    }
    sameAsNew(fax, PartsReuseTest::gateway, parts);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aT38RelayOnReusedPartsSendsWhatANewOneSends(boolean fecBefore) throws IOException {
    RecordedFax fax = RecordedFax.load("t38-relay-v17");
    PartsPool parts = new PartsPool(4);
    T38Relay used = fecBefore ? new T38Relay(V3_FEC, V3_FEC, SILENCE_TICKS, parts)
        : new T38Relay(V0_REDUNDANCY, V0_REDUNDANCY, SILENCE_TICKS, parts);
    replay(fax, used, fax.durationMillis() / 2);
    used.recycle();
    sameAsNew(fax, p -> new T38Relay(V0_REDUNDANCY, V0_REDUNDANCY, SILENCE_TICKS, p), parts);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anAudioRelayOnReusedPartsSendsWhatANewOneSends(boolean alawBefore) throws IOException {
    RecordedFax fax = RecordedFax.load("audio-relay-v17");
    PartsPool parts = new PartsPool(4);
    AudioRelay used = new AudioRelay(G711.PT_PCMU, alawBefore ? G711.PT_PCMA : G711.PT_PCMU, 3, SEED + 1, parts)
        .watchFax(SILENCE_TICKS);
    replay(fax, used, fax.durationMillis() / 2);
    used.recycle();
    sameAsNew(fax, p -> new AudioRelay(G711.PT_PCMU, G711.PT_PCMU, 3, SEED, p).watchFax(SILENCE_TICKS), parts);
  }

  /**
   * A gateway that takes over an audio relay (the switch to T.38) keeps the relay's jitter buffer:
   * both give their parts back, and the buffer goes back once, not twice.
   */
  @org.junit.jupiter.api.Test
  void aTakenOverJitterBufferGoesBackOnce() {
    PartsPool parts = new PartsPool(4);
    AudioRelay relay = new AudioRelay(G711.PT_PCMU, G711.PT_PCMU, 3, SEED, parts);
    relay.keepHistory(200);
    GatewayRelay gateway = GatewayRelay.takeOver(relay, MediaProcessor.LEG_B, V0_REDUNDANCY,
        T30Supervisor.Policy.permissive(), SILENCE_TICKS, parts);
    relay.recycle();
    gateway.recycle();
    gateway.recycle();
    assertEquals(2, parts.free(dev.faxgate.rtp.JitterBuffer.class), "leg a's buffer (via the gateway) and leg b's");
    assertEquals(2, parts.free(dev.faxgate.relay.AudioHistory.class));
    AudioRelay next = new AudioRelay(G711.PT_PCMU, G711.PT_PCMU, 3, SEED, parts);
    assertTrue(next.jitterBuffer(0) != next.jitterBuffer(1), "two sessions' legs never share a buffer");
  }

  /** The recording through a new processor and through one made from {@code parts}: the same bytes, statistics and report. */
  private static void sameAsNew(RecordedFax fax, Function<PartsPool, MediaProcessor> make, PartsPool parts) {
    MediaProcessor fresh = make.apply(PartsPool.NONE);
    byte[] freshSent = replay(fax, fresh, Integer.MAX_VALUE);
    long reusedBefore = parts.reused();
    MediaProcessor reused = make.apply(parts);
    assertTrue(parts.reused() > reusedBefore, "the processor took parts from the pool");
    byte[] reusedSent = replay(fax, reused, Integer.MAX_VALUE);
    assertTrue(fresh.faxReport().success() && fresh.faxReport().pages() == 3, fresh.faxReport().toString());
    assertTrue(freshSent.length > 10_000, "the processor sent the fax on: " + freshSent.length + " bytes");
    assertArrayEquals(freshSent, reusedSent, "every datagram sent, its leg and its tick");
    for (int leg = 0; leg < 2; leg++) {
      assertEquals(fresh.legStats(leg), reused.legStats(leg), "leg " + leg + "'s statistics");
    }
    assertEquals(fresh.faxReport().toMap(), reused.faxReport().toMap());
    assertEquals(fresh.t30Trace().toMap(), reused.t30Trace().toMap());
    if (fresh instanceof AudioRelay a && reused instanceof AudioRelay b) {
      for (int leg = 0; leg < 2; leg++) {
        assertArrayEquals(a.v21Frames(leg), b.v21Frames(leg), "leg " + leg + "'s V.21 frames demodulated and quiet");
      }
    }
  }

  /**
   * Replays the datagrams recorded before {@code untilMs} tick by tick (then the tail, when the
   * whole recording is replayed); returns every datagram sent: its tick, leg, length and bytes.
   */
  private static byte[] replay(RecordedFax fax, MediaProcessor p, int untilMs) {
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    int[] now = new int[1];
    DatagramSink sink = (leg, buf, off, len) -> {
      sent.write(now[0] >> 8);
      sent.write(now[0]);
      sent.write(leg);
      sent.write(len >> 8);
      sent.write(len);
      sent.write(buf, off, len);
    };
    boolean whole = untilMs >= fax.durationMillis();
    int ticks = whole ? fax.durationMillis() / 20 + 1 + TAIL_TICKS : untilMs / 20;
    int next = 0;
    for (int tick = 0; tick < ticks; tick++) {
      now[0] = tick;
      int end = (tick + 1) * 20;
      for (; next < fax.size() && fax.millis(next) < end; next++) {
        byte[] d = fax.payload(next);
        p.receive(fax.leg(next), d, 0, d.length, fax.millis(next) * 8);
      }
      p.tick(sink);
    }
    try {
      sent.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sent.toByteArray();
  }
}
