package dev.faxgate.terminal;

/**
 * Why a terminal's fax failed: the T.30 failure causes FAXOPT {@code error} reports (names in the
 * style of spandsp's T30_ERR_* and of the supervisor's {@code UNEXPECTED_DCN}), each with the text
 * {@code statusstr} starts with.
 */
public enum T30Cause {
  /** T1 ran out: the far end never answered with DIS (calling) or DCS (answering). */
  T1_EXPIRED("T1 expired: no T.30 exchange with the far end"),
  /** A command went 3 times without a response. */
  NO_RESPONSE("no response after 3 tries"),
  /** T2 ran out while waiting for a command. */
  T2_EXPIRED("T2 expired waiting for a command"),
  /** T5 ran out while the receiver stayed not ready (RNR). */
  T5_EXPIRED("T5 expired: the receiver stayed not ready"),
  /** FTT at the lowest rate allowed. */
  CANNOT_TRAIN("training failed at every rate allowed"),
  /** The far end cannot take what there is to send, or offers nothing we can take. */
  INCOMPATIBLE("no common capabilities"),
  /** Polling: the called station's DIS says it has no document to be polled (bit 9 clear). */
  NOTHING_TO_POLL("the far end has no document to be polled"),
  /** RTN for the same page 3 times. */
  PAGE_REFUSED("the page was refused (RTN) 3 times"),
  /** The far end sent DCN before the fax was done. */
  UNEXPECTED_DCN("the far end disconnected (DCN)"),
  /** The far end interrupted the procedure (PIN/PIP), which a terminal does not take. */
  PROCEDURE_INTERRUPT("procedure interrupt (PIN/PIP)"),
  /** The session was ended from outside before the fax was done. */
  CALL_DROPPED("the call ended before the fax was done");

  private final String text;

  T30Cause(String text) {
    this.text = text;
  }

  /** The human-readable cause. */
  public String text() {
    return text;
  }
}
