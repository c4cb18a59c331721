package dev.faxgate.faxopt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The create request's terminal fields: what is accepted, what is refused and why. */
class TerminalJobTest {
  @Test
  void aSendNamesItsFilesInOrderAndRoundTrips() {
    SessionOptions o = new SessionOptions(new JsonObject(
        "{\"mode\":\"terminal\",\"direction\":\"send\",\"files\":[\"a.tif\",\"sub/b.tif\"]}"));
    assertEquals(new TerminalJob(TerminalJob.Direction.SEND, List.of("a.tif", "sub/b.tif")), o.getTerminal());
    assertEquals(o.getTerminal(), new SessionOptions(o.toJson()).getTerminal());
  }

  @Test
  void aReceiveNamesOneFileOrNone() {
    SessionOptions named = new SessionOptions(new JsonObject("{\"mode\":\"terminal\",\"direction\":\"receive\",\"file\":\"in/x.tif\"}"));
    assertEquals(List.of("in/x.tif"), named.getTerminal().files());
    SessionOptions unnamed = new SessionOptions(new JsonObject("{\"mode\":\"terminal\",\"direction\":\"receive\"}"));
    assertEquals(List.of(), unnamed.getTerminal().files());
    assertEquals(unnamed.getTerminal(), new SessionOptions(unnamed.toJson()).getTerminal());
  }

  /** Polling: a poll calls and receives into 'file' (as a receive); a pollable send answers and waits to be polled. */
  @Test
  void aPollNamesOneFileAndAPollableSendRoundTrips() {
    SessionOptions poll = new SessionOptions(new JsonObject(
        "{\"mode\":\"terminal\",\"direction\":\"poll\",\"file\":\"in/polled.tif\"}"));
    assertEquals(new TerminalJob(TerminalJob.Direction.POLL, List.of("in/polled.tif"), false), poll.getTerminal());
    assertEquals(poll.getTerminal(), new SessionOptions(poll.toJson()).getTerminal());
    SessionOptions pollable = new SessionOptions(new JsonObject(
        "{\"mode\":\"terminal\",\"direction\":\"send\",\"files\":[\"a.tif\"],\"pollable\":true}"));
    assertTrue(pollable.getTerminal().pollable());
    assertEquals(pollable.getTerminal(), new SessionOptions(pollable.toJson()).getTerminal());
    SessionOptions calling = new SessionOptions(new JsonObject(
        "{\"mode\":\"terminal\",\"direction\":\"send\",\"files\":[\"a.tif\"],\"pollable\":false}"));
    assertEquals(new TerminalJob(TerminalJob.Direction.SEND, List.of("a.tif")), calling.getTerminal());
  }

  @Test
  void pollingNonsenseIsRefusedSayingWhy() {
    refused("{\"mode\":\"terminal\",\"direction\":\"receive\",\"pollable\":true}", "belongs to a terminal session that sends");
    refused("{\"mode\":\"terminal\",\"direction\":\"poll\",\"pollable\":true}", "belongs to a terminal session that sends");
    refused("{\"mode\":\"terminal\",\"direction\":\"send\",\"files\":[\"a.tif\"],\"pollable\":\"yes\"}",
        "must be true or false");
    refused("{\"mode\":\"terminal\",\"direction\":\"poll\",\"files\":[\"a.tif\"]}", "polls names the file");
    refused("{\"mode\":\"gateway\",\"pollable\":true}", "belong to terminal sessions");
  }

  @Test
  void otherModesHaveNoJob() {
    assertNull(new SessionOptions(new JsonObject("{\"mode\":\"gateway\"}")).getTerminal());
  }

  @Test
  void malformedJobsAreRefusedSayingWhy() {
    refused("{\"mode\":\"terminal\"}", "needs 'direction'");
    refused("{\"mode\":\"terminal\",\"direction\":\"fax\"}", "needs 'direction'");
    refused("{\"mode\":\"terminal\",\"direction\":\"send\"}", "array of paths");
    refused("{\"mode\":\"terminal\",\"direction\":\"send\",\"files\":[]}", "at least one");
    refused("{\"mode\":\"terminal\",\"direction\":\"send\",\"files\":[1]}", "array of paths");
    refused("{\"mode\":\"terminal\",\"direction\":\"send\",\"file\":\"a.tif\"}", "not 'file'");
    refused("{\"mode\":\"terminal\",\"direction\":\"receive\",\"files\":[\"a.tif\"]}", "not 'files'");
    refused("{\"mode\":\"terminal\",\"direction\":\"receive\",\"file\":\"a\\u0000.tif\"}", "control characters");
    refused("{\"mode\":\"terminal\",\"direction\":\"receive\",\"file\":\"\"}", "1 to 1024 characters");
    refused("{\"mode\":\"gateway\",\"files\":[\"a.tif\"]}", "belong to terminal sessions");
  }

  private static void refused(String json, String why) {
    FaxOptException e = assertThrows(FaxOptException.class, () -> new SessionOptions(new JsonObject(json)), json);
    assertEquals(FaxOptError.MALFORMED_REQUEST, e.error());
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }
}
