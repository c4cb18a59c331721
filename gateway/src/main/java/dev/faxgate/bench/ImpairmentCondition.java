package dev.faxgate.bench;

import dev.faxgate.tools.impair.Impairment;
import java.util.List;

/**
 * One network condition of {@code faxgate bench-impairment}: what the proxy does on the T.38 leg
 * (both directions alike) and to the RTP arriving at the gateway. {@code lossPercent} is the
 * expected share of T.38 datagrams lost, the x of the plot; {@code kind} groups the curves.
 */
record ImpairmentCondition(String name, String kind, Impairment t38, Impairment rtpToGateway) {

  /** The conditions: 40 ms jitter on T.38 alone and with 1/2/5/10% random loss, bursty loss, reordered RTP. */
  static final List<ImpairmentCondition> ALL = List.of(
      new ImpairmentCondition("jitter40", "jitter", Impairment.parse("jitter=40,reorder"), Impairment.NONE),
      random(1), random(2), random(5), random(10),
      new ImpairmentCondition("burst3x3", "bursty", Impairment.parse("burst=0.03x3,jitter=40,reorder"), Impairment.NONE),
      new ImpairmentCondition("rtp80reorder", "rtp", Impairment.NONE, Impairment.parse("jitter=80,reorder")));

  private static ImpairmentCondition random(int percent) {
    return new ImpairmentCondition("loss" + percent, "random",
        Impairment.parse("loss=" + percent / 100.0 + ",jitter=40,reorder"), Impairment.NONE);
  }

  double lossPercent() {
    return 100 * t38.expectedLoss();
  }

  static ImpairmentCondition named(String name) {
    return ALL.stream().filter(c -> c.name.equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "unknown condition '" + name + "'; known: " + ALL.stream().map(ImpairmentCondition::name).toList()));
  }
}
