package dev.faxgate.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.relay.DatagramQueue;
import dev.faxgate.relay.DatagramSink;
import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.testutil.SteadyStateAllocation;
import dev.faxgate.udptl.UdptlErrorCorrection;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The media path of a terminal allocates nothing per tick in steady state: a non-ECM page going
 * from one T.38 terminal to another (the sender's engine pacing it out, IFPs encoded into UDPTL
 * with redundancy, received, decoded and handed to the page sink).
 */
class TerminalAllocationTest {
  /** Counts the octets of the page and keeps nothing. */
  static final class CountingSink implements PageSink {
    long octets;

    @Override
    public void startPage(PageFormat format) {
    }

    @Override
    public void data(byte[] buf, int off, int len) {
      octets += len;
    }

    @Override
    public PageQuality endPage() {
      return PageQuality.perfect(1000);
    }

    @Override
    public void keepPage() {
    }

    @Override
    public void discardPage() {
    }
  }

  @Test
  void aPageInFlightAllocatesNothingPerTick() throws Exception {
    TiffPages doc = new TiffPages(Path.of(getClass().getResource("faxpeer-2pages-mh.tif").toURI()));
    CountingSink sink = new CountingSink();
    TerminalPair pair = new TerminalPair(T30TerminalTest.sender(false), doc, T30TerminalTest.receiver(false), sink,
        TerminalPair.leg(0, UdptlErrorCorrection.REDUNDANCY), (s, d) -> true);
    while (pair.sender.engine().state() != T30State.I && pair.ticks < 50 * 60) {
      pair.run((int) (pair.ticks / 50) + 1);
    }
    assertEquals(T30State.I, pair.sender.engine().state(), pair.logText());
    DatagramQueue wire = new DatagramQueue();
    DatagramQueue back = new DatagramQueue();
    DatagramSink toWire = (leg, buf, off, len) -> wire.add(leg, buf, off, len);
    DatagramSink toBack = (leg, buf, off, len) -> back.add(leg, buf, off, len);
    DatagramSink intoReceiver = (leg, buf, off, len) -> pair.receiver.receive(MediaProcessor.LEG_A, buf, off, len, 0);
    DatagramSink intoSender = (leg, buf, off, len) -> pair.sender.receive(MediaProcessor.LEG_A, buf, off, len, 0);
    Runnable tick = () -> {
      pair.sender.tick(toWire);
      wire.drainTo(intoReceiver);
      pair.receiver.tick(toBack);
      back.drainTo(intoSender);
    };
    // a 24.7 kB page at 14400 bit/s is about 690 ticks: warm up 150, then 3 windows of 150
    SteadyStateAllocation a = SteadyStateAllocation.measure(tick, 150, 150);
    assertEquals(T30State.I, pair.sender.engine().state(), "the page was still going out while measured");
    assertTrue(sink.octets > 20_000, "octets received " + sink.octets);
    assertTrue(a.allButOneWindowBelow(1024), a.toString());
  }
}
