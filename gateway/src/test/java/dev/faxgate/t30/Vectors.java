// Test data, not a test: the real T.30 frames the t30 tests decode, each with where it came from.
package dev.faxgate.t30;

/**
 * Real frames, LSB-first octets without FCS, as spandsp logs them ({@code Tx:} / {@code Rx:} lines
 * of {@code -v}).
 *
 * <p><b>faxpeer</b> (spandsp 0.0.6, {@code /work/fpbuild/faxpeer/faxpeer}): each call is an
 * {@code audio-recv} (answering, sends CSI/DIS) and an {@code audio-send} (calling, sends TSI/DCS)
 * on 127.0.0.1 with {@code -v}; the images come from {@code faxpeer make-tiff X.tif --pages N
 * [--resolution fine|superfine] [--compression t6]}. Each constant names the options of its call.
 *
 * <p><b>Real equipment</b>: a FreeSWITCH/spandsp debug log of a live T.38 call posted in
 * gonicus/gofaxip issue #34 (2018); the far end's fax equipment is not named there.
 */
final class Vectors {
  private Vectors() {
  }

  // ---- call "ecm": recv --ident 555_0199 ; send --ident +1_555_0100 fine.tif (ECM default) ----

  /** CSI "555_0199", non-final (03): reversed, space padded. */
  static final String ECM_CSI =
      "FF 03 40 | 39 39 31 30 5F 35 35 35 20 20 20 20 20 20 20 20 20 20 20 20";
  /**
   * spandsp's DIS (every faxpeer receiver sends it unless --max-rate/--modems limit it):
   * octet1 00; octet2 EE = rx(10) V.27ter+V.29+V.17(11,12,14) fine(15) 2-D(16);
   * octet3 F8 = 215 mm, unlimited(20), scan 0 ms(21-23), ext(24); octet4 C4 = ECM(27) T.6(31)
   * ext(32); octet5 80 ext; octet6 91 = R8x15.4(41) metric(45) ext; octets 7-9 80 ext;
   * octet10 18 = North American letter(76) and legal(77).
   */
  static final String SPANDSP_DIS = "FF 13 80 | 00 EE F8 C4 80 91 80 80 80 18";
  /** TSI "+1_555_0100", X = 1 (43). */
  static final String ECM_TSI =
      "FF 03 43 | 30 30 31 30 5F 35 35 35 5F 31 2B 20 20 20 20 20 20 20 20 20";
  /** DCS X=1: rx(10) V.17 14400 (14) fine(15); 215 mm unlimited 0 ms ext; ECM(27) T.6(31). */
  static final String ECM_DCS = "FF 13 83 | 00 62 F8 44";
  /** CFR from the DIS sender: X = 0. */
  static final String CFR = "FF 13 84";
  /** ECM data frame 0 (first octets only) and RCP. */
  static final String FCD_0 = "FF 03 06 | 00 64 05 A6 B0 FF 9F 64 A8 FE";
  static final String RCP = "FF 03 86";
  /** PPS-EOP (2F = EOP with X), page 0, block 0, 0x41 + 1 = 66 frames. */
  static final String ECM_PPS_EOP = "FF 13 BF | 2F 00 00 41";
  static final String MCF = "FF 13 8C";
  /** DCN from the caller: X = 1. */
  static final String DCN_X = "FF 13 FB";

  // ---- call "noecm9600": recv --ident 555_0199 ; send --no-ecm --max-rate 9600 std.tif ----

  /** DCS X=1: rx(10) V.29 9600 (11) 2-D(16); 215 mm unlimited 0 ms, no extension. */
  static final String V29_DCS = "FF 13 83 | 00 86 78";
  /** EOP with X (non-ECM). */
  static final String EOP_X = "FF 13 2F";

  // ---- call "sfine": recv and send default, superfine T.6 image ----

  /** DCS X=1: rx V.17 14400, no bit 15; ECM T.6 ext; ext; R8x15.4 (41). */
  static final String SUPERFINE_DCS = "FF 13 83 | 00 22 F8 C4 80 01";
  /** PPS-EOP, page 0, block 0, 101 frames. */
  static final String SUPERFINE_PPS = "FF 13 BF | 2F 00 00 64";

  // ---- call "v27": recv --max-rate 4800 ; send --modems v27ter --no-ecm std.tif ----

  /** DIS limited to V.27ter: octet2 CA = rx(10) V.27ter(12) fine(15) 2-D(16). */
  static final String V27_DIS = "FF 13 80 | 00 CA F8 C4 80 91 80 80 80 18";
  /** DCS X=1: rx V.27ter 4800 (12) 2-D. */
  static final String V27_DCS = "FF 13 83 | 00 8A 78";

  // ---- call "id": recv --ident "+44 20 7946 0000" --max-rate 7200 ;
  //      send --ident "+1 555 0100" --no-ecm two.tif (2 pages) ----

  /** CSI "+44 20 7946 0000". */
  static final String ID_CSI =
      "FF 03 40 | 30 30 30 30 20 36 34 39 37 20 30 32 20 34 34 2B 20 20 20 20";
  /** DIS with V.27ter + V.29 (octet2 CE: 11, 12), the rest as {@link #SPANDSP_DIS}. */
  static final String V29_DIS = "FF 13 80 | 00 CE F8 C4 80 91 80 80 80 18";
  /** TSI "+1 555 0100" (docs/dsp.md §5.4 layout). */
  static final String ID_TSI =
      "FF 03 43 | 30 30 31 30 20 35 35 35 20 31 2B 20 20 20 20 20 20 20 20 20";
  /** MPS with X. */
  static final String MPS_X = "FF 13 4F";

  // ---- call "e2": recv --modems v29 ; send two.tif (ECM) ----

  /** DCS X=1: rx V.29 9600, standard, 1-D; ECM T.6. */
  static final String V29_ECM_DCS = "FF 13 83 | 00 06 F8 44";
  /** PPS-MPS page 0 (48 frames) and PPS-EOP page 1 (50 frames). */
  static final String E2_PPS_MPS = "FF 13 BF | 4F 00 00 2F";
  static final String E2_PPS_EOP = "FF 13 BF | 2F 01 00 31";

  // ---- call "gw": audio-recv <-> faxpeer gateway --no-ecm --max-rate 9600 <-> t38-send ----

  /**
   * The DIS the audio receiver sent ({@link #SPANDSP_DIS}) as spandsp's t38_gateway relayed it to
   * the T.38 sender (its log, Rx): octet2 EE -> CE (bit 14, V.17, cleared), octet4 C4 -> 80
   * (ECM 27 and T.6 31 cleared).
   */
  static final String GATEWAY_EDITED_DIS = "FF 13 80 | 00 CE F8 80 80 91 80 80 80 18";

  // ---- real equipment: gonicus/gofaxip issue #34 ----

  /** CSI of all spaces (spandsp: 'Remote gave CSI as: ""'). */
  static final String REAL_CSI_BLANK =
      "FF 03 40 | 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20";
  /**
   * DIS: octet2 6E = rx(10) V.27ter+V.29+V.17(11,12,14) fine(15), no 2-D; octet3 B8 = 215 mm,
   * unlimited(20), scan code 3 (21, 22: 20 ms, half at fine), ext; octet4 00: no ECM, last.
   */
  static final String REAL_DIS = "FF 13 80 | 00 6E B8 00";
  /** The TSI FreeSWITCH sent back, "020 7063 8601". */
  static final String REAL_TSI =
      "FF 03 43 | 31 30 36 38 20 33 36 30 37 20 30 32 30 20 20 20 20 20 20 20";

  // ---- docs/dsp.md §5.3 examples (not captured: written by the facts' author) ----

  /** V.27ter/V.29/V.17, fine, 2-D, A4+B4, 20 ms, ECM, T.6. */
  static final String FACTS_DIS = "FF 13 80 | 00 EE 84 44";
  /** The same in T.38 order. */
  static final String FACTS_DIS_T38 = "FF C8 01 | 00 77 21 22";
  /** DCS V.17 14400, fine, 2-D, X = 1. */
  static final String FACTS_DCS = "FF 13 83 | 00 E2 00";
  /** DCN in T.38 order (docs/dsp.md §0). */
  static final String FACTS_DCN_T38 = "FF C8 5F";
}
