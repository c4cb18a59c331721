package dev.faxgate.faxopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FaxOptions, SessionOptions, LegOptions and FaxResult as Vert.x-style options: defaults, copies, JSON round trips, refusals. */
class FaxOptionsTest {

  @Test
  void defaultsAreTheDefaultConstants() {
    FaxOptions o = new FaxOptions();
    assertEquals(FaxOptions.DEFAULT_ECM, o.isEcm());
    assertEquals(FaxOptions.DEFAULT_MIN_RATE, o.getMinRate());
    assertEquals(FaxOptions.DEFAULT_MAX_RATE, o.getMaxRate());
    assertEquals(FaxOptions.DEFAULT_MODEMS, o.getModems());
    assertEquals(FaxOptions.DEFAULT_GATEWAY, o.getGateway());
    assertEquals(FaxOptions.DEFAULT_FAX_DETECT, o.getFaxDetect());
    assertEquals(FaxOptions.DEFAULT_T38_TIMEOUT_MS, o.getT38TimeoutMs());
    assertEquals(FaxOptions.DEFAULT_NEGOTIATE_BOTH, o.isNegotiateBoth());
  }

  private static FaxOptions everythingChanged() {
    return new FaxOptions().setEcm(false).setHeaderInfo("ACME").setLocalStationId("+44 20 7946 0000")
        .setMinRate(7200).setMaxRate(9600).setModems(EnumSet.of(Modem.V29, Modem.V27))
        .setGateway(new GatewaySetting(true, 30)).setFaxDetect(new FaxDetectSetting(FaxDetectMode.CNG, 10))
        .setT38TimeoutMs(2500).setNegotiateBoth(true);
  }

  @Test
  void jsonAndCopyRoundTrip() {
    FaxOptions o = everythingChanged();
    JsonObject json = o.toJson();
    assertEquals(new JsonObject().put("ecm", "no").put("headerinfo", "ACME").put("localstationid", "+44 20 7946 0000")
        .put("minrate", "7200").put("maxrate", "9600").put("modem", "V27,V29").put("gateway", "yes,30")
        .put("faxdetect", "cng").put("t38timeout", "2500").put("negotiate_both", "yes"), json);
    FaxOptions back = new FaxOptions(json);
    // faxdetect reads back the mode only, as Asterisk does: the seconds are not in the JSON form
    assertEquals(new FaxOptions(o).setFaxDetect(new FaxDetectSetting(FaxDetectMode.CNG, 0)), back);
    FaxOptions copy = new FaxOptions(o);
    assertNotSame(o, copy);
    assertEquals(o.toJson(), copy.toJson());
    assertEquals(new FaxDetectSetting(FaxDetectMode.CNG, 10), copy.getFaxDetect());
  }

  @Test
  void applyIsAllOrNothing() {
    FaxOptions o = new FaxOptions();
    FaxOptException e = assertThrows(FaxOptException.class,
        () -> o.apply(new JsonObject().put("ecm", "no").put("maxrate", "28800")));
    assertEquals(FaxOptError.NOT_SUPPORTED, e.error());
    assertEquals(new FaxOptions(), o);
  }

  @Test
  void applyRefusesWrongTypesReadOnlyAndUnknownItems() {
    assertEquals(FaxOptError.MALFORMED_REQUEST, assertThrows(FaxOptException.class,
        () -> new FaxOptions(new JsonObject().put("maxrate", 9600))).error());
    assertEquals(FaxOptError.READ_ONLY, assertThrows(FaxOptException.class,
        () -> new FaxOptions(new JsonObject().put("pages", "2"))).error());
    assertEquals(FaxOptError.UNKNOWN_ITEM, assertThrows(FaxOptException.class,
        () -> new FaxOptions(new JsonObject().put("speed", "fast"))).error());
  }

  @Test
  void sessionOptionsRoundTrip() {
    SessionOptions s = new SessionOptions().setMode(SessionMode.AUDIO_RELAY)
        .setLeg("a", new LegOptions().setRtp("127.0.0.1:4000"))
        .setLeg("b", new LegOptions().setRtp("[::1]:4002").setLaw(LegOptions.Law.ALAW).setLatch(true))
        .putFaxopt("maxrate", "9600");
    SessionOptions back = new SessionOptions(s.toJson());
    assertEquals(s, back);
    assertEquals(s, new SessionOptions(s));
    assertEquals(LegOptions.Law.ALAW, back.getLegs().get("b").getLaw());
    assertEquals(9600, back.resolveFaxOptions(new FaxOptions()).getMaxRate());
  }

  @Test
  void sessionOptionsRefuseMalformedShapes() {
    for (String body : List.of("{\"mode\":3}", "{\"mode\":\"fax-machine\"}", "{\"legs\":[]}",
        "{\"legs\":{\"c\":{}}}", "{\"legs\":{\"a\":{\"rtp\":\"nowhere\"}}}", "{\"legs\":{\"a\":{\"rtp\":\"h:70000\"}}}",
        "{\"legs\":{\"a\":{\"latch\":\"yes\"}}}", "{\"legs\":{\"a\":{\"law\":\"g729\"}}}",
        "{\"faxopt\":{\"maxrate\":9600}}", "{\"faxopt\":\"maxrate=9600\"}", "{\"colour\":\"blue\"}")) {
      assertThrows(FaxOptException.class, () -> new SessionOptions(new JsonObject(body)), body);
    }
  }

  @Test
  void faxResultRoundTrip() {
    FaxResult r = new FaxResult().setPages(2).setRate(14400).setResolution("204x98").setRemoteStationId("123")
        .setFilenames(List.of("a.tif")).setEcmUsed(true).setModem("V17").setFailingPhase("D")
        .setOutcome(FaxStatus.FAILED, "cause", "HANGUP");
    assertEquals(r, new FaxResult(r.toJson()));
    assertEquals(r, new FaxResult(r));
    assertEquals(new FaxResult(), new FaxResult(new FaxResult().toJson()));
  }
}
