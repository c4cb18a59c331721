package dev.faxgate.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faxgate.terminal.ImageCoding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The terminal matrix ({@link TerminalMatrix#PAIRWISE}) is pairwise: no pair of values is left out. */
class TerminalMatrixTest {
  private static final Map<String, Function<TerminalMatrix.Fax, Object>> COMMON = new LinkedHashMap<>();

  static {
    COMMON.put("pairing", TerminalMatrix.Fax::pairing);
    COMMON.put("ecm", TerminalMatrix.Fax::ecm);
    COMMON.put("rate", TerminalMatrix.Fax::rate);
    COMMON.put("coding", TerminalMatrix.Fax::coding);
    COMMON.put("fine", TerminalMatrix.Fax::fine);
    COMMON.put("pages", TerminalMatrix.Fax::pages);
  }

  private static final Map<String, List<Object>> VALUES = Map.of(
      "pairing", List.of(TerminalMatrix.Pairing.values()),
      "ecm", List.of(true, false),
      "rate", List.of(14400, 9600, 4800),
      "coding", List.of(ImageCoding.values()),
      "fine", List.of(true, false),
      "pages", List.of(1, 5));

  @Test
  void everyPairOfValuesIsInSomeFax() {
    Set<String> missing = new TreeSet<>();
    List<String> names = new ArrayList<>(COMMON.keySet());
    for (int i = 0; i < names.size(); i++) {
      for (int j = i + 1; j < names.size(); j++) {
        for (Object a : VALUES.get(names.get(i))) {
          for (Object b : VALUES.get(names.get(j))) {
            if (!possible(names.get(i), a, names.get(j), b)) {
              continue;
            }
            int fi = i;
            int fj = j;
            if (TerminalMatrix.PAIRWISE.stream().noneMatch(f -> COMMON.get(names.get(fi)).apply(f).equals(a)
                && COMMON.get(names.get(fj)).apply(f).equals(b))) {
              missing.add(names.get(i) + "=" + a + " with " + names.get(j) + "=" + b);
            }
          }
        }
      }
    }
    // the leg's own factor, among the faxes on that leg, with every value of every other factor
    for (boolean audio : List.of(true, false)) {
      List<TerminalMatrix.Fax> on = TerminalMatrix.on(audio);
      Function<TerminalMatrix.Fax, Object> leg = audio ? TerminalMatrix.Fax::law : TerminalMatrix.Fax::version;
      List<Object> legValues = audio ? List.of("ulaw", "alaw") : List.of(0, 3);
      for (Object v : legValues) {
        for (String name : names) {
          for (Object b : VALUES.get(name)) {
            if (name.equals("pairing") && ((TerminalMatrix.Pairing) b).audio != audio) {
              continue;
            }
            if (on.stream().noneMatch(f -> leg.apply(f).equals(v) && COMMON.get(name).apply(f).equals(b))) {
              missing.add((audio ? "law=" : "version=") + v + " with " + name + "=" + b);
            }
          }
        }
      }
    }
    assertEquals(Set.of(), missing);
  }

  /** T.6 goes only with ECM. */
  private static boolean possible(String x, Object a, String y, Object b) {
    return !(x.equals("ecm") && y.equals("coding") && a.equals(false) && b == ImageCoding.MMR);
  }

  @Test
  void t6OnlyWithEcm() {
    assertTrue(TerminalMatrix.PAIRWISE.stream().noneMatch(f -> f.coding() == ImageCoding.MMR && !f.ecm()));
  }
}
