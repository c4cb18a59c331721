package dev.faxgate.terminal;

import dev.faxgate.modem.FastModem;
import java.util.EnumSet;
import java.util.Set;

/**
 * How a terminal takes part in a fax, from the session's FAXOPT and its direction.
 *
 * @param calling true: the calling station (sends CNG, waits for DIS); false: the answering one (CED, DIS)
 * @param sending true: it sends pages ({@link PageSource}); false: it receives them ({@link PageSink})
 * @param localStationId TSI/CSI (FAXOPT {@code localstationid}); empty: none sent
 * @param ecm ECM allowed (FAXOPT {@code ecm})
 * @param modems the fast modems allowed (FAXOPT {@code modem})
 * @param minRate the lowest rate accepted, bit/s (FAXOPT {@code minrate}): training falls back no lower
 * @param maxRate the highest rate used or offered, bit/s (FAXOPT {@code maxrate})
 * @param ecmFrame64 ECM with 64-octet frames instead of 256 (sender)
 */
public record TerminalOptions(boolean calling, boolean sending, String localStationId, boolean ecm,
    Set<FastModem> modems, int minRate, int maxRate, boolean ecmFrame64) {

  /** The usual pair: a calling sender, or an answering receiver, with every modem, 2400 to 14400, ECM. */
  public static TerminalOptions of(boolean sending, String localStationId, boolean ecm) {
    return new TerminalOptions(sending, sending, localStationId, ecm, EnumSet.allOf(FastModem.class), 2400, 14400,
        false);
  }

  public TerminalOptions withRates(int min, int max) {
    return new TerminalOptions(calling, sending, localStationId, ecm, modems, min, max, ecmFrame64);
  }

  public TerminalOptions withModems(Set<FastModem> m) {
    return new TerminalOptions(calling, sending, localStationId, ecm, m, minRate, maxRate, ecmFrame64);
  }

  public TerminalOptions withEcmFrame64(boolean f64) {
    return new TerminalOptions(calling, sending, localStationId, ecm, modems, minRate, maxRate, f64);
  }
}
