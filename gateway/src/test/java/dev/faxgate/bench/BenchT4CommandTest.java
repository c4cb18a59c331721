package dev.faxgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code faxgate bench-t4} on a fixture page: one JSON line with rows per second for each coding
 * and direction, and every page decoded back without a bad row. Figures are only checked to be
 * figures: benchmarks report, they do not assert timings.
 */
class BenchT4CommandTest {
  @Test
  void printsOneLineWithEveryCodingAndDirection() throws Exception {
    Path page = Path.of(BenchT4CommandTest.class.getResource("/t4/standard-t4-2d.tif").toURI());
    CommandJsonLine run = CommandJsonLine.run("bench-t4", page.toString(), "--seconds", "0.02");
    int exit = run.exit();
    JsonObject j = run.json();
    assertEquals(0, exit, j.encode());
    assertEquals("OK", j.getString("status"), j.encode());
    assertEquals("bench-t4", j.getString("item"));
    for (String coding : List.of("mh", "mr", "mmr")) {
      JsonObject c = j.getJsonObject(coding);
      assertTrue(c.getDouble("encode_rows_per_second") > 0, j.encode());
      assertTrue(c.getDouble("decode_rows_per_second") > 0, j.encode());
      assertTrue(c.getDouble("decode_bytes_allocated_per_row") >= 0, j.encode());
      assertTrue(c.getLong("octets_per_page") > 1000, j.encode());
    }
    assertTrue(j.getJsonObject("mmr").getLong("octets_per_page") < j.getJsonObject("mh").getLong("octets_per_page"),
        "MMR codes the page in fewer octets than MH: " + j.encode());
  }
}
