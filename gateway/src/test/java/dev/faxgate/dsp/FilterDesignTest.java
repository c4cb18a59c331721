package dev.faxgate.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/*
 * What this exercises: FilterDesign, the one source of Faxgate's coefficient tables, against golden
 * values computed independently with SciPy 1.17.1 / NumPy 2.4.6 (in the style of iirj's
 * CompareWithScipyTest):
 *   firwin(31, 500, fs=8000, window='hamming'), firwin(21, 1000, fs=8000, window='hann'),
 *   firwin(33, [1550, 1950], pass_zero=False, fs=8000, window='blackman'),
 *   butter(4, 80, fs=1000), butter(3, 1000, fs=8000), butter(2, 300, 'highpass', fs=8000),
 *   butter(5, 500, 'highpass', fs=8000)  (as b, a polynomials: the product of our sections),
 *   iirnotch(1100, 10, fs=8000), iirpeak(2100, 20, fs=8000),
 * and raised-cosine / root-raised-cosine pulses computed NOT from the closed form but by numerically
 * inverse-Fourier-transforming the (root) raised-cosine spectrum (trapezoidal rule, 400001 points),
 * so that the closed form in FilterDesign is checked against its definition.
 */
class FilterDesignTest {

  // --- SciPy golden values (printed with repr(), full double precision) ---
  static final double[] LP31_HAMMING_500 = {
      -0.0006479603817522975, -0.0014439790529392961, -0.0027022579652495864,
      -0.0044407447476883695, -0.006191484537174384, -0.006959159014482571, -0.005370676085633257,
      2.3906867694921823e-18, 0.010206818183281317, 0.02552244695029916, 0.045169588161010035,
      0.06728891497636331, 0.08918039232572665, 0.10778063865966807, 0.12027131565483028,
      0.1246722937474823, 0.12027131565483028, 0.10778063865966807, 0.08918039232572665,
      0.06728891497636331, 0.04516958816101004, 0.02552244695029916, 0.01020681818328132,
      2.3906867694921835e-18, -0.005370676085633257, -0.0069591590144825795, -0.006191484537174388,
      -0.0044407447476883695, -0.0027022579652495877, -0.0014439790529392961,
      -0.0006479603817522975};
  static final double[] LP21_HANN_1000 = {
      0.0, 0.0006104959150007899, -9.283056108725162e-19, -0.006610828317427166,
      -0.01828359139643318, -0.02245227686750479, 6.362701312761926e-18, 0.05941565681768592,
      0.14360119113683165, 0.21902830544004082, 0.24938209454361202, 0.21902830544004082,
      0.14360119113683165, 0.05941565681768592, 6.362701312761926e-18, -0.02245227686750479,
      -0.01828359139643318, -0.006610828317427166, -9.283056108725162e-19, 0.0006104959150007899,
      0.0};
  static final double[] BP33_BLACKMAN_1550_1950 = {
      5.357952104742963e-19, -3.3999373502627146e-05, 0.0008207914682221508, 0.001395825795803557,
      -0.003913477022466537, -0.008756257261376311, 0.006921090434500021, 0.028114823051508045,
      -1.8499608277960633e-17, -0.05820526483261181, -0.03008440238469304, 0.08244760764631677,
      0.08447221296987413, -0.0765486400949528, -0.1407945090694669, 0.031570165498051764,
      0.1650820140128765, 0.031570165498051764, -0.1407945090694669, -0.0765486400949528,
      0.08447221296987413, 0.08244760764631677, -0.03008440238469305, -0.05820526483261184,
      -1.8499608277960633e-17, 0.028114823051508035, 0.006921090434500015, -0.008756257261376311,
      -0.003913477022466537, 0.001395825795803557, 0.0008207914682221548, -3.3999373502627146e-05,
      5.357952104742963e-19};
  static final double[] BUTTER4_80_1000_B = {
      0.002234891698082326, 0.008939566792329304, 0.013409350188493957, 0.008939566792329304,
      0.002234891698082326};
  static final double[] BUTTER4_80_1000_A = {
      1.0, -2.6926109870174355, 2.86739910911139, -1.4034846713681417, 0.2644548164435045};
  static final double[] BUTTER3_1000_8000_B = {
      0.03168934384971104, 0.09506803154913313, 0.09506803154913313, 0.03168934384971104};
  static final double[] BUTTER3_1000_8000_A = {
      1.0, -1.459029062228061, 0.9103690002900687, -0.19782518726431944};
  static final double[] HP2_300_B = {0.8464592541088377, -1.6929185082176754, 0.8464592541088377};
  static final double[] HP2_300_A = {1.0, -1.6692031429311929, 0.7166338735041575};
  static final double[] HP5_500_B = {0.5270227933905524, -2.635113966952762, 5.270227933905524,
      -5.270227933905524, 2.635113966952762, -0.5270227933905524};
  static final double[] HP5_500_A = {1.0, -3.7314736649448133, 5.693887953976101,
      -4.420512251626622, 1.7411025201294557, -0.27775299782068136};
  static final double[] NOTCH_1100_Q10_B = {
      0.9585670997357767, -1.2450790642338492, 0.9585670997357767};
  static final double[] NOTCH_1100_Q10_A = {1.0, -1.2450790642338492, 0.9171341994715534};
  static final double[] PEAK_2100_Q20_B = {0.03962210688399792, 0.0, -0.03962210688399792};
  static final double[] PEAK_2100_Q20_A = {1.0, 0.15070076210178876, 0.9207557862320042};
  // Numerical inverse transforms of the spectrum, not the closed form:
  static final double[] RC_25_SPS4_B05 = {
      6.938893903907228e-18, 0.004772794986368139, 0.01714888221237478, 0.02274964286568605,
      -1.3877787807814457e-17, -0.057612731932581596, -0.12004217548662358, -0.12250173798344945,
      0.0, 0.2625037242502489, 0.6002108774331179, 0.8872360717617572, 0.9999999999917482,
      0.8872360717617572, 0.6002108774331179, 0.2625037242502489, 0.0, -0.12250173798344945,
      -0.12004217548662358, -0.057612731932581596, -1.3877787807814457e-17, 0.02274964286568605,
      0.01714888221237478, 0.004772794986368139, 6.938893903907228e-18};
  static final double[] RRC_27_SPS10_3_B025 = {
      0.019354445042362382, -0.005981003980853862, -0.03945805700635967, -0.03751317984702324,
      0.017895417635049114, 0.08324943835026585, 0.07894428017011548, -0.030140415921665907,
      -0.17029763385505012, -0.18629387179567675, 0.039367273191803165, 0.4670404058820008,
      0.8910963746695846, 1.0683098861710745, 0.8910963746695846, 0.4670404058820008,
      0.039367273191803165, -0.18629387179567675, -0.17029763385505012, -0.030140415921665907,
      0.07894428017011548, 0.08324943835026585, 0.017895417635049114, -0.03751317984702324,
      -0.03945805700635967, -0.005981003980853862, 0.019354445042362382};

  @Test
  void windowedSincLowPassMatchesFirwin() {
    assertArrayEquals(LP31_HAMMING_500,
        FilterDesign.lowPassFir(31, 500, 8000, FilterDesign.Window.HAMMING), 1e-15);
    assertArrayEquals(LP21_HANN_1000,
        FilterDesign.lowPassFir(21, 1000, 8000, FilterDesign.Window.HANN), 1e-15);
  }

  @Test
  void windowedSincBandPassMatchesFirwin() {
    assertArrayEquals(BP33_BLACKMAN_1550_1950,
        FilterDesign.bandPassFir(33, 1550, 1950, 8000, FilterDesign.Window.BLACKMAN), 1e-15);
  }

  @Test
  void butterworthMatchesButter() {
    assertTransferFunction(BUTTER4_80_1000_B, BUTTER4_80_1000_A, FilterDesign.butterworthLowPass(4, 80, 1000));
    assertTransferFunction(BUTTER3_1000_8000_B, BUTTER3_1000_8000_A, FilterDesign.butterworthLowPass(3, 1000, 8000));
    assertTransferFunction(HP2_300_B, HP2_300_A, FilterDesign.butterworthHighPass(2, 300, 8000));
    assertTransferFunction(HP5_500_B, HP5_500_A, FilterDesign.butterworthHighPass(5, 500, 8000));
  }

  @Test
  void butterworthIsMinus3DbAtCutOffAndUnityInPassband() {
    IirCascade lp = new IirCascade(FilterDesign.butterworthLowPass(4, 80, 1000));
    assertEquals(1.0, lp.magnitudeAt(0, 1000), 1e-12);
    assertEquals(Math.sqrt(0.5), lp.magnitudeAt(80, 1000), 1e-9);
    IirCascade hp = new IirCascade(FilterDesign.butterworthHighPass(5, 500, 8000));
    assertEquals(1.0, hp.magnitudeAt(4000, 8000), 1e-12);
    assertEquals(Math.sqrt(0.5), hp.magnitudeAt(500, 8000), 1e-9);
  }

  @Test
  void notchAndPeakMatchIirnotchAndIirpeak() {
    double[] n = FilterDesign.notch(1100, 10, 8000);
    assertArrayEquals(NOTCH_1100_Q10_B, new double[] {n[0], n[1], n[2]}, 1e-15);
    assertArrayEquals(NOTCH_1100_Q10_A, new double[] {1.0, n[3], n[4]}, 1e-15);
    double[] p = FilterDesign.peak(2100, 20, 8000);
    assertArrayEquals(PEAK_2100_Q20_B, new double[] {p[0], p[1], p[2]}, 1e-15);
    assertArrayEquals(PEAK_2100_Q20_A, new double[] {1.0, p[3], p[4]}, 1e-15);
  }

  @Test
  void raisedCosineMatchesItsSpectrum() {
    // Tolerance: the numerical integral is good to about 1e-6; the closed form is exact.
    assertArrayEquals(RC_25_SPS4_B05, FilterDesign.raisedCosine(25, 2000, 8000, 0.5, false), 2e-6);
    assertArrayEquals(RRC_27_SPS10_3_B025, FilterDesign.raisedCosine(27, 2400, 8000, 0.25, true), 2e-6);
  }

  @Test
  void raisedCosineHasZeroIsiAndRootConvolvesToRaised() {
    // RC at 4 samples/symbol: 1 at the centre, 0 at every other symbol instant.
    double[] rc = FilterDesign.raisedCosine(81, 2000, 8000, 0.5, false);
    for (int k = 0; k < rc.length; k += 4) {
      assertEquals(k == 40 ? 1.0 : 0.0, rc[k], 1e-12, "tap " + k);
    }
    // RRC * RRC ~ RC (up to the sample-rate scale and truncation).
    double[] rrc = FilterDesign.raisedCosine(161, 2000, 8000, 0.5, true);
    double centre = 0.0;
    double symbol = 0.0;
    for (int i = 0; i < rrc.length; i++) {
      centre += rrc[i] * rrc[i];
      if (i + 4 < rrc.length) {
        symbol += rrc[i] * rrc[i + 4];
      }
    }
    assertEquals(4.0, centre, 1e-3);
    assertEquals(0.0, symbol / centre, 1e-3);
  }

  @Test
  void rejectsNonsense() {
    FilterDesign.Window hann = FilterDesign.Window.HANN;
    assertThrows(IllegalArgumentException.class, () -> FilterDesign.lowPassFir(0, 100, 8000, hann));
    assertThrows(IllegalArgumentException.class, () -> FilterDesign.lowPassFir(11, 4000, 8000, hann));
    assertThrows(IllegalArgumentException.class, () -> FilterDesign.bandPassFir(11, 900, 800, 8000, hann));
    assertThrows(IllegalArgumentException.class, () -> FilterDesign.butterworthLowPass(0, 100, 8000));
    assertThrows(IllegalArgumentException.class, () -> FilterDesign.raisedCosine(11, 2400, 8000, 0, true));
  }

  private static void assertTransferFunction(double[] b, double[] a, double[] sos) {
    // An odd order ends with a first-order section (b2 = a2 = 0): our polynomials then carry one
    // trailing zero that SciPy's do not.
    double[][] ba = FilterDesign.toTransferFunction(sos);
    for (int i = 0; i < ba[0].length; i++) {
      double eb = i < b.length ? b[i] : 0.0;
      double ea = i < a.length ? a[i] : 0.0;
      assertEquals(eb, ba[0][i], 1e-12 * Math.max(1.0, Math.abs(eb)), "b[" + i + "]");
      assertEquals(ea, ba[1][i], 1e-12 * Math.max(1.0, Math.abs(ea)), "a[" + i + "]");
    }
    assertTrue(ba[0].length - b.length <= 1);
  }
}
