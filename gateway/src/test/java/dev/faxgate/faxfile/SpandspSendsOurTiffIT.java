package dev.faxgate.faxfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faxgate.interop.Faxpeer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A fax Faxgate received can be faxed on: spandsp's own TIFF-F reader (faxpeer t38-send) opens a
 * file TiffFaxWriter wrote, sends it to faxpeer t38-recv over loopback, and the pages that arrive
 * are identical to the faxpeer make-tiff pages they were copied from. (libtiff's tools are
 * lenient where spandsp is not: this caught the BitsPerSample tag ImageIO leaves out.)
 */
class SpandspSendsOurTiffIT {
  @TempDir Path dir;

  @ParameterizedTest
  @Execution(ExecutionMode.CONCURRENT)
  @EnumSource(TiffFaxWriter.Compression.class)
  void spandspSendsAFileWeWrote(TiffFaxWriter.Compression compression) throws Exception {
    Path faxpeer = Faxpeer.binary();
    Path source = dir.resolve("source.tif");
    Faxpeer.Run made = Faxpeer.run(dir, "make-tiff", source.toString(), "--pages", "1", "--resolution", "fine");
    assertEquals(0, made.exit(), made.stderr());

    Path ours = dir.resolve("ours.tif");
    FaxDocument document = FaxDocument.open(source);
    try (TiffFaxWriter writer = new TiffFaxWriter(ours, compression)) {
      writer.remoteStationId("faxpeer");
      for (int i = 0; i < document.pageCount(); i++) {
        FaxPage page = document.page(i);
        writer.startPage(page.width(), page.xDpi(), page.yDpi());
        for (int r = 0; r < page.rowCount(); r++) {
          writer.addRow(page.data(), page.rowOffset(r));
        }
        writer.endPage();
      }
      assertEquals(1, writer.finish());
    }

    int sendPort = Faxpeer.freePort(false);
    int receivePort = Faxpeer.freePort(false);
    Path received = dir.resolve("received.tif");
    CompletableFuture<Faxpeer.Run> receiver = Faxpeer.start(dir, 150, "t38-recv", "--local", "127.0.0.1:" + receivePort,
        "--remote", "127.0.0.1:" + sendPort, "--out", received.toString());
    Faxpeer.Run sender = Faxpeer.start(dir, 150, "t38-send", "--local", "127.0.0.1:" + sendPort,
        "--remote", "127.0.0.1:" + receivePort, "--tiff", ours.toString()).get(180, TimeUnit.SECONDS);
    Faxpeer.Run receiverRun = receiver.get(180, TimeUnit.SECONDS);
    assertEquals("OK", sender.result().getString("status"), "spandsp sending our " + compression + " file: " + sender.result());
    assertEquals(1, sender.result().getInteger("pages"));
    assertEquals("OK", receiverRun.result().getString("status"), receiverRun.result().encode());
    Faxpeer.Run compare = Faxpeer.run(dir, "compare", source.toString(), received.toString());
    assertEquals(0, compare.exit(), "pages that arrived differ from the source: " + compare.result().encode()
        + " (faxpeer " + faxpeer + ")");
  }
}
