package dev.faxgate.terminal;

import dev.faxgate.modem.FastModem;
import java.util.EnumSet;
import java.util.Set;

/**
 * How a terminal takes part in a fax, from the session's FAXOPT and its direction.
 *
 * @param calling true: the calling station (sends CNG, waits for DIS); false: the answering one (CED, DIS)
 * @param sending true: it sends pages ({@link PageSource}); false: it receives them ({@link PageSink}).
 *     Not the same as calling: polling (T.30 DTC). A calling receiver polls (answers the DIS with
 *     DTC); an answering sender has a document to be polled (its DIS sets bit 9) and sends on DTC.
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

  /** Polling, the calling side: it calls, answers the called station's DIS with DTC, and receives. */
  public static TerminalOptions poll(String localStationId, boolean ecm) {
    return new TerminalOptions(true, false, localStationId, ecm, EnumSet.allOf(FastModem.class), 2400, 14400, false);
  }

  /** Polling, the called side: it answers with a DIS offering a document to be polled, and sends it on DTC. */
  public static TerminalOptions polled(String localStationId, boolean ecm) {
    return new TerminalOptions(false, true, localStationId, ecm, EnumSet.allOf(FastModem.class), 2400, 14400, false);
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
