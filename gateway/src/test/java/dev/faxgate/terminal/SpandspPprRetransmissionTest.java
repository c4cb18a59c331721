package dev.faxgate.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.modem.FastModem;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.t4.T4BitOrder;
import dev.faxgate.t4.T4Coding;
import dev.faxgate.t4.T4Decoder;
import dev.faxgate.udptl.UdptlErrorCorrection;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Matrix fax A7 as it failed: {@code faxpeer audio-send} (spandsp) sends 5 MMR pages with ECM at
 * V.27ter 4800 to Faxgate's terminal on audio; one RTP packet in page 2 went missing, so ECM frame
 * 5 of 23 arrived with a bad FCS. The terminal answered PPR, spandsp sent frame 5 again and then a
 * PPS that counts <em>1</em> frame: spandsp's PPS counts the frames of the burst, not of the block.
 * The terminal took that count for the block, passed only frame 0 to the decoder, confirmed the
 * block with MCF, and the page was kept with 62 of its 1143 rows.
 *
 * <p>The resource holds the real bytes: every UDPTL datagram Faxgate's gateway half handed the
 * terminal in that call, from the first to page 2's PPS, with the tick it came in (replayed from
 * the RTP packets recorded in the failing run; {@code int tick, short length, octets}, gzip).
 * They are fed to a receiving T.38 terminal tick by tick, as {@link AudioTerminalProcessor} feeds
 * it; its answers go nowhere (the recorded far end already reacted to them).
 */
class SpandspPprRetransmissionTest {
  private static final T38Relay.LegConfig LOOP = new T38Relay.LegConfig(3, UdptlErrorCorrection.NONE, 0, 0, 0, 3, 3,
      1400);
  /**
   * CRC-32 of the 1143 rows (216 octets each, 1 = black) of page 2 of the document spandsp sent
   * ({@code TerminalMatrix.document(dir, 5, false)}, the matrix's 5 standard pages), read back from
   * the TIFF: the page as sent.
   */
  private static final long SENT_PAGE_2_CRC = 0x8cfde7fcL;

  /** Decodes pages with the real T.6 decoder and keeps each page's rows. */
  private static final class Pages implements PageSink {
    final List<T4Decoder> decoders = new ArrayList<>();
    final List<CRC32> crcs = new ArrayList<>();
    private T4Decoder decoder;
    private CRC32 crc;

    @Override
    public void startPage(PageFormat f) {
      CRC32 c = new CRC32();
      crc = c;
      decoder = new T4Decoder(T4Coding.MMR, f.width(), (row, concealed) -> c.update(row, 0, row.length))
          .bitOrder(T4BitOrder.LSB_FIRST);
      decoder.startPage();
    }

    @Override
    public void data(byte[] buf, int off, int len) {
      decoder.put(buf, off, len);
    }

    @Override
    public PageQuality endPage() {
      decoder.finish();
      return new PageQuality(decoder.rows(), decoder.badRows(), decoder.longestBadRun());
    }

    @Override
    public void keepPage() {
      decoders.add(decoder);
      crcs.add(crc);
    }

    @Override
    public void discardPage() {
    }
  }

  @Test
  void aPageRepairedByPprArrivesWholeThoughSpandspsPpsCountsOnlyTheFramesSentAgain() throws Exception {
    TerminalOptions options = TerminalOptions.of(false, "+1 555 0100", true).withModems(EnumSet.of(FastModem.V27TER))
        .withRates(2400, 4800);
    Pages pages = new Pages();
    List<String> log = new ArrayList<>();
    T38TerminalProcessor terminal = new T38TerminalProcessor(MediaProcessor.LEG_A, LOOP, options, null, pages,
        log::add);
    int tick = 0;
    try (InputStream in = getClass().getResourceAsStream("spandsp-v27ter-ecm-ppr.udptl.gz");
        DataInputStream data = new DataInputStream(new GZIPInputStream(in))) {
      while (true) {
        int at;
        try {
          at = data.readInt();
        } catch (EOFException end) {
          break;
        }
        byte[] datagram = new byte[data.readUnsignedShort()];
        data.readFully(datagram);
        while (tick < at) {
          tick++;
          terminal.tick((leg, buf, off, len) -> { });
        }
        terminal.receive(MediaProcessor.LEG_A, datagram, 0, datagram.length, 0);
      }
    }
    String trace = String.join("\n", log);
    assertEquals(1, TerminalPair.count(terminal, "a", "PPR"), trace);
    assertTrue(trace.contains("PPS page 1 block 0 counts 1 frames (the burst sent again): the block has 23"), trace);
    assertEquals(2, pages.decoders.size(), trace);
    for (int p = 0; p < 2; p++) {
      T4Decoder d = pages.decoders.get(p);
      assertEquals(T4Decoder.PageEnd.EOFB, d.pageEnd(), "page " + (p + 1) + "\n" + trace);
      assertEquals(1143, d.rows(), "page " + (p + 1) + "\n" + trace);
      assertEquals(0, d.badRows(), "page " + (p + 1) + "\n" + trace);
    }
    assertEquals(Long.toHexString(SENT_PAGE_2_CRC), Long.toHexString(pages.crcs.get(1).getValue()),
        "page 2 is not the page sent");
  }
}
