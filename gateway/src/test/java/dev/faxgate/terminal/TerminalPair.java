package dev.faxgate.terminal;

import dev.faxgate.relay.MediaProcessor;
import dev.faxgate.relay.T38Relay;
import dev.faxgate.udptl.UdptlErrorCorrection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Two T.38 terminals joined in memory, tick by tick on a simulated 20 ms clock: what one sends
 * in a tick reaches the other before its next tick, through a {@link Network} that may drop or
 * damage datagrams. A whole fax runs in well under a second of CPU.
 */
final class TerminalPair {
  /** Decides each datagram's fate; it may change the bytes. */
  interface Network {
    boolean pass(boolean fromSender, byte[] datagram);
  }

  static T38Relay.LegConfig leg(int version, UdptlErrorCorrection ec) {
    return new T38Relay.LegConfig(version, ec, 3, 3, ec == UdptlErrorCorrection.NONE ? 0 : 1, 3, 3, 1400);
  }

  final T38TerminalProcessor sender;
  final T38TerminalProcessor receiver;
  final List<String> log = new ArrayList<>();
  private final Network network;
  long ticks;

  TerminalPair(TerminalOptions sendOptions, PageSource pages, TerminalOptions receiveOptions, PageSink sink,
      T38Relay.LegConfig leg, Network network) {
    this(sendOptions, pages, null, receiveOptions, null, sink, leg, network);
  }

  /**
   * Any two terminals: "sender" and "receiver" name the sides only (the first and the second), for
   * a pair where both would receive, say.
   */
  TerminalPair(TerminalOptions firstOptions, PageSource firstPages, PageSink firstSink, TerminalOptions secondOptions,
      PageSource secondPages, PageSink secondSink, T38Relay.LegConfig leg, Network network) {
    this.sender = new T38TerminalProcessor(MediaProcessor.LEG_A, leg, firstOptions, firstPages, firstSink,
        s -> log.add("tx: " + s));
    this.receiver = new T38TerminalProcessor(MediaProcessor.LEG_A, leg, secondOptions, secondPages, secondSink,
        s -> log.add("rx: " + s));
    this.network = network;
  }

  /** Runs until both are over or {@code maxSeconds} of simulated time have passed; returns the seconds. */
  double run(int maxSeconds) {
    List<byte[]> toReceiver = new ArrayList<>();
    List<byte[]> toSender = new ArrayList<>();
    while (ticks < maxSeconds * 50L && !(sender.faxOver() && receiver.faxOver())) {
      ticks++;
      sender.tick((leg, buf, off, len) -> toReceiver.add(Arrays.copyOfRange(buf, off, off + len)));
      receiver.tick((leg, buf, off, len) -> toSender.add(Arrays.copyOfRange(buf, off, off + len)));
      for (byte[] d : toReceiver) {
        if (network.pass(true, d)) {
          receiver.receive(MediaProcessor.LEG_A, d, 0, d.length, 0);
        }
      }
      for (byte[] d : toSender) {
        if (network.pass(false, d)) {
          sender.receive(MediaProcessor.LEG_A, d, 0, d.length, 0);
        }
      }
      toReceiver.clear();
      toSender.clear();
    }
    return ticks / 50.0;
  }

  /** Count of frames named {@code fcf} that {@code from} ("a" this terminal, "b" the far end) sent, in a trace. */
  static long count(T38TerminalProcessor p, String from, String fcf) {
    return p.engine().trace().frames().stream().filter(f -> f.from().equals(from) && f.fcf().equals(fcf)).count();
  }

  String logText() {
    return String.join("\n", log);
  }
}
