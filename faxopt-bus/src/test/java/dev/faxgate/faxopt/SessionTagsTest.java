package dev.faxgate.faxopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A controller's tags: both sides of every bound (count, key length, value length, the key's
 * alphabet, control characters in values), the JSON types refused, and what an error says.
 */
class SessionTagsTest {

  private static FaxOptException refused(Map<String, String> tags) {
    return assertThrows(FaxOptException.class, () -> SessionTags.of(tags));
  }

  private static FaxOptException refused(JsonObject tags) {
    return assertThrows(FaxOptException.class, () -> SessionTags.fromJson(tags));
  }

  private static Map<String, String> numbered(int n) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 1; i <= n; i++) {
      m.put("k" + i, "v" + i);
    }
    return m;
  }

  @Test
  void sixteenTagsAreTakenSeventeenRefused() {
    assertEquals(16, SessionTags.of(numbered(16)).size());
    FaxOptException e = refused(numbered(17));
    assertEquals(FaxOptError.INVALID_VALUE, e.error());
    assertTrue(e.getMessage().contains("'k17'") && e.getMessage().contains("at most 16 tags"), e.getMessage());
  }

  @Test
  void keysOfOneToSixtyFourCharacters() {
    assertEquals("x", SessionTags.of(Map.of("a", "x")).get("a"));
    String k64 = "k".repeat(64);
    assertEquals("x", SessionTags.of(Map.of(k64, "x")).get(k64));
    FaxOptException empty = refused(Map.of("", "x"));
    assertEquals(FaxOptError.INVALID_VALUE, empty.error());
    assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    FaxOptException long65 = refused(Map.of("k".repeat(65), "x"));
    assertEquals(FaxOptError.INVALID_VALUE, long65.error());
    assertTrue(long65.getMessage().contains("65 characters; at most 64"), long65.getMessage());
    FaxOptException huge = refused(Map.of("k".repeat(100_000), "x"));
    assertTrue(huge.getMessage().length() < 200, "a huge key is not echoed whole: " + huge.getMessage().length());
    assertTrue(huge.getMessage().contains("'" + "k".repeat(40) + "... (100000 characters)'"), huge.getMessage());
  }

  @Test
  void valuesOfZeroToTwoHundredFiftySixCharacters() {
    assertEquals("", SessionTags.of(Map.of("empty", "")).get("empty"));
    String v256 = "v".repeat(256);
    assertEquals(v256, SessionTags.of(Map.of("k", v256)).get("k"));
    FaxOptException e = refused(Map.of("callId", "v".repeat(257)));
    assertEquals(FaxOptError.INVALID_VALUE, e.error());
    assertTrue(e.getMessage().contains("'callId'") && e.getMessage().contains("257 characters; at most 256"), e.getMessage());
    FaxOptException huge = refused(Map.of("callId", "v".repeat(1_000_000)));
    assertTrue(huge.getMessage().length() < 200, "a huge value is not echoed: " + huge.getMessage().length());
    assertFalse(huge.getMessage().contains("vvvvvvvvvv"), huge.getMessage());
  }

  @Test
  void valueLengthCountsCharactersNotUtf16Units() {
    String emoji = "\uD83D\uDCE0"; // U+1F4E0 FAX MACHINE: one character, two UTF-16 units
    assertEquals(256, SessionTags.of(Map.of("k", emoji.repeat(256))).get("k").codePointCount(0, 512));
    assertEquals(FaxOptError.INVALID_VALUE, refused(Map.of("k", emoji.repeat(257))).error());
    assertEquals("Zürich – 東京", SessionTags.of(Map.of("route", "Zürich – 東京")).get("route"));
  }

  @Test
  void keysTakeLettersDigitsAndDotDashUnderscoreColonOnly() {
    String every = "AZaz09.-_:";
    assertEquals("x", SessionTags.of(Map.of(every, "x")).get(every));
    for (String bad : List.of("call id", "call/id", "callé", "call\nid", "call\"id", "a=b", "{}", "call\u0000")) {
      FaxOptException e = refused(Map.of(bad, "x"));
      assertEquals(FaxOptError.INVALID_VALUE, e.error(), bad);
      assertTrue(e.getMessage().contains("ASCII letters, digits and . - _ :"), e.getMessage());
      assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\u0000"), "the key is shown escaped: " + e.getMessage());
    }
  }

  @Test
  void valuesRefuseControlCharactersAndLineBreaks() {
    assertEquals("a b\u00A0c", SessionTags.of(Map.of("k", "a b\u00A0c")).get("k"), "spaces are text");
    for (String bad : List.of("line\nforged", "cr\r", "tab\t", "nul\u0000", "del\u007F", "c1\u0085", "ls\u2028",
        "ps\u2029", "esc\u001B[31m")) {
      FaxOptException e = refused(Map.of("note", bad));
      assertEquals(FaxOptError.INVALID_VALUE, e.error(), bad);
      assertTrue(e.getMessage().contains("'note'") && e.getMessage().contains("refused"), e.getMessage());
      assertFalse(e.getMessage().contains(bad), "the value is not echoed: " + e.getMessage());
    }
    FaxOptException lone = refused(Map.of("k", "half \uD83D surrogate"));
    assertTrue(lone.getMessage().contains("unpaired surrogate"), lone.getMessage());
  }

  @Test
  void onlyAFlatObjectOfStrings() {
    assertEquals(Map.of("callId", "abc"), SessionTags.fromJson(new JsonObject().put("callId", "abc")).asMap());
    for (Object bad : List.of(42, true, new JsonObject().put("nested", "x"), new JsonArray().add("x"))) {
      FaxOptException e = refused(new JsonObject().put("callId", bad));
      assertEquals(FaxOptError.MALFORMED_REQUEST, e.error(), String.valueOf(bad));
      assertTrue(e.getMessage().contains("'callId'") && e.getMessage().contains("string"), e.getMessage());
    }
    assertEquals(FaxOptError.MALFORMED_REQUEST, refused(new JsonObject().putNull("callId")).error());
  }

  @Test
  void orderJsonAndEquality() {
    SessionTags tags = SessionTags.of(numbered(3));
    assertEquals(List.of("k1", "k2", "k3"), List.copyOf(tags.toJson().fieldNames()), "the order given");
    assertEquals(tags, SessionTags.fromJson(tags.toJson()));
    assertSame(SessionTags.NONE, SessionTags.of(Map.of()));
    assertSame(SessionTags.NONE, SessionTags.fromJson(new JsonObject()));
    assertEquals(new JsonObject(), SessionTags.NONE.toJson());
    assertThrows(UnsupportedOperationException.class, () -> tags.asMap().put("k4", "v4"));
    assertEquals("v9", tags.with("k2", "v9").get("k2"));
    assertEquals("v2", tags.get("k2"), "with() leaves the original as it was");
    assertEquals(FaxOptError.INVALID_VALUE,
        assertThrows(FaxOptException.class, () -> SessionTags.of(numbered(16)).with("k17", "x")).error());
  }

  @Test
  void theCreateRequestCarriesTags() {
    JsonObject request = new JsonObject().put("mode", "gateway")
        .put("tags", new JsonObject().put("callId", "a84b4c76e66710@pc33.example.com").put("account", "acme"));
    SessionOptions options = new SessionOptions(request);
    assertEquals("acme", options.getTags().get("account"));
    assertEquals(options, new SessionOptions(options.toJson()), "tags survive the bus's JSON round trip");
    assertEquals("acme", new SessionOptions(options).getTags().get("account"));
    assertFalse(new SessionOptions().toJson().containsKey("tags"), "no tags, no field: a node that predates them still takes the request");
    assertEquals(SessionTags.NONE, new SessionOptions(new JsonObject()).getTags());
    assertEquals("x", new SessionOptions().putTag("route", "x").getTags().get("route"));

    FaxOptException notObject = assertThrows(FaxOptException.class,
        () -> new SessionOptions(new JsonObject().put("tags", "callId=1")));
    assertEquals(FaxOptError.MALFORMED_REQUEST, notObject.error());
    assertTrue(notObject.getMessage().contains("'tags'"), notObject.getMessage());
    assertEquals(FaxOptError.MALFORMED_REQUEST, assertThrows(FaxOptException.class,
        () -> new SessionOptions(new JsonObject().put("tags", new JsonArray().add("x")))).error());
    assertEquals(FaxOptError.INVALID_VALUE, assertThrows(FaxOptException.class,
        () -> new SessionOptions(new JsonObject().put("tags", new JsonObject().put("k", "v".repeat(257))))).error());
    FaxOptException unknown = assertThrows(FaxOptException.class,
        () -> new SessionOptions(new JsonObject().put("tag", new JsonObject())));
    assertTrue(unknown.getMessage().contains("accepted: mode, legs, faxopt, tags"), unknown.getMessage());
  }
}
