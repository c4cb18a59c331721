package dev.faxgate.gateway;

import dev.faxgate.t30.FaxReport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.bench.RecordedFax;
import dev.faxgate.bench.RelayBench;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole gateway on recorded real faxes (3 pages, ECM, between spandsp terminals and spandsp's
 * gateway: see gateway/bench/record-relay-fax.sh): replayed tick by tick into a GatewayRelay, the
 * audio side demodulated and the T.38 side decoded, its T.30 supervisor must follow the exchange
 * from CSI/DIS to DCN and score it as faxpeer's terminals did: 3 pages at the recorded rate, ECM,
 * success. Without faxpeer, this is the gateway's end-to-end regression test.
 */
class GatewayRelayReplayTest {
  @ParameterizedTest
  @CsvSource({"audio-to-t38,v17,14400", "t38-to-audio,v17,14400", "audio-to-t38,v29,9600", "t38-to-audio,v29,9600",
      "audio-to-t38,v27ter,4800", "t38-to-audio,v27ter,4800"})
  void aRecordedFaxIsFollowedToItsEnd(String direction, String modem, int rate) throws Exception {
    RecordedFax fax = RecordedFax.load(direction, modem);
    GatewayRelay relay = RelayBench.replay(fax);
    FaxReport r = relay.faxReport();
    assertTrue(r.over(), "the fax ended: " + r);
    assertTrue(r.success(), r.toString());
    assertEquals(3, r.pages(), r.toString());
    assertEquals(rate, r.rate(), r.toString());
    assertEquals(Boolean.TRUE, r.ecmUsed(), r.toString());
    assertEquals("204x98", r.resolution(), r.toString());
    assertEquals("faxpeer receiver", r.remoteStationId(), r.toString());
    assertTrue(relay.supervisor().framesFromAudio() >= 4 && relay.supervisor().framesFromT38() >= 4,
        "control frames both ways: " + relay.supervisor().framesFromAudio() + "/" + relay.supervisor().framesFromT38());
  }
}
