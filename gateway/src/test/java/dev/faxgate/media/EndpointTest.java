package dev.faxgate.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Addresses: IP literals are read without a lookup; anything else is a name for the worker thread to resolve. */
class EndpointTest {
  @Test
  void ipLiteralsAreReadWithoutALookup() {
    assertEquals("127.0.0.1", Endpoint.literal("127.0.0.1").getHostAddress());
    assertEquals("10.255.0.7", Endpoint.literal("10.255.0.7").getHostAddress());
    assertEquals("0:0:0:0:0:0:0:1", Endpoint.literal("::1").getHostAddress());
    assertEquals(new Endpoint("0:0:0:0:0:0:0:1", 5000), Endpoint.parse("[::1]:5000"));
    assertEquals(new Endpoint("192.0.2.1", 4000), Endpoint.parse("192.0.2.1:4000"));
  }

  @Test
  void digitsAndDotsThatAreNoDottedQuadAreNames() {
    for (String name : new String[] {"1.2.3.4.5", "256.1.1.1", "1.2.3", "010.1", "1..2.3", "gw.example.net", "localhost",
        "g::1", "zz:zz", "::1::2"}) {
      assertNull(Endpoint.literal(name), name);
      assertEquals(name, Endpoint.parse(name + ":4000").host(), name);
    }
  }
}
