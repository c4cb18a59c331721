package dev.faxgate.terminal;

import dev.faxgate.t30.T30Supervisor.Phase;

/**
 * Where a {@link T30Terminal} is, named after the nodes of T.30's flow charts (the letters the
 * diagrams of Figure 5 give them, as spandsp names its states), each with its phase.
 *
 * <p>Sender (the station that got the DIS): T sends DCS and TCF, D waits for CFR/FTT, I sends
 * a non-ECM page, II_Q waits for the answer to MPS/EOM/EOP, B_AFTER_EOM waits for the DIS that
 * follows a confirmed EOM (the next page has another width or resolution), IV sends an ECM block, IV_PPS_Q
 * waits for the answer to a PPS, IV_CTC and IV_EOR for CTR and ERR, IV_RR for the answer to RR.
 * Receiver (the station that sent the DIS): R waits for DCS, F_TCF takes the training check,
 * F_DOC_NON_ECM / F_DOC_ECM take the page, F_POST_DOC_NON_ECM / F_POST_DOC_ECM wait for the
 * post-page command, F_POST_EOP waits for the DCN after the last page.
 */
public enum T30State {
  /** Not started. */
  IDLE(Phase.A),
  /** Calling: CNG on, waiting for the called station's DIS (T1). */
  T1_CALLING(Phase.A),
  /** Answering: CED on; the DIS follows. */
  ANSWERING(Phase.A),
  /** Receiver: DIS sent, waiting for DCS (repeated every T4 within T1). */
  R(Phase.B),
  /** Sender: DCS sent, TCF going out. */
  T(Phase.B),
  /** Sender: TCF sent, waiting for CFR or FTT (T4). */
  D(Phase.B),
  /** Receiver: DCS received, checking the TCF. */
  F_TCF(Phase.B),
  /** Receiver: CFR sent, waiting for the non-ECM page (T2). */
  F_DOC_NON_ECM(Phase.C),
  /** Receiver: the page ended, waiting for MPS/EOM/EOP (T2). */
  F_POST_DOC_NON_ECM(Phase.D),
  /** Receiver: waiting for or taking the ECM frames of a block (T2). */
  F_DOC_ECM(Phase.C),
  /** Receiver: RCP seen, waiting for PPS (T2). */
  F_POST_DOC_ECM(Phase.D),
  /** Receiver: the last page confirmed, waiting for DCN (T2). */
  F_POST_EOP(Phase.D),
  /**
   * Sender: EOM confirmed, back in phase B (T.30 node B of the transmitter): waiting up to T1 for
   * the far end's DIS, to answer it with the DCS of the next page's width and resolution.
   */
  B_AFTER_EOM(Phase.B),
  /** Sender: a non-ECM page going out. */
  I(Phase.C),
  /** Sender: MPS/EOM/EOP sent, waiting for MCF/RTP/RTN (T4). */
  II_Q(Phase.D),
  /** Sender: an ECM block (its frames and RCP) going out. */
  IV(Phase.C),
  /** Sender: PPS sent, waiting for MCF/PPR/RNR (T4). */
  IV_PPS_Q(Phase.D),
  /** Sender: RR sent after RNR, waiting (T4 per try, T5 in all). */
  IV_RR(Phase.D),
  /** Sender: CTC sent after the fourth PPR, waiting for CTR (T4). */
  IV_CTC(Phase.D),
  /** Sender: EOR sent, waiting for ERR (T4). */
  IV_EOR(Phase.D),
  /** DCN going out. */
  B_DCN(Phase.E),
  /** Over: {@link T30Terminal#report()} says how. */
  CALL_FINISHED(Phase.E);

  private final Phase phase;

  T30State(Phase phase) {
    this.phase = phase;
  }

  /** The T.30 phase (A-E) of this state. */
  public Phase phase() {
    return phase;
  }
}
