package dev.faxgate.detect;

/**
 * The events one {@link ToneDetector#process} call raised, in primitive arrays that are reused
 * from call to call (no allocation), plus what the detector has found since its last reset.
 *
 * <p>Each event has a kind, two sample indices, a level in dBm0 and a frequency in Hz (NaN where
 * not meaningful). {@link #decidedAt} is the sample at which the detector made up its mind (the
 * event is raised by the {@code process} call holding that sample); {@link #signalAt} is the
 * detector's estimate of when what it reports happened on the line: the start of the signal for
 * a detection, the reversal itself for {@link ToneEvent#PHASE_REVERSAL}, the end of the signal
 * for {@link ToneEvent#END}. Sample indices count from the detector's last
 * {@link ToneDetector#reset()}. A call that would raise more than {@link #CAPACITY} events keeps
 * the first ones and counts the rest in {@link #dropped()}; with 20 ms blocks a call raises at
 * most two or three.
 */
public final class DetectorEvents {

  /** Events kept per {@code process} call. */
  public static final int CAPACITY = 32;

  private final ToneEvent[] kinds = new ToneEvent[CAPACITY];
  private final long[] decided = new long[CAPACITY];
  private final long[] signal = new long[CAPACITY];
  private final double[] levels = new double[CAPACITY];
  private final double[] frequencies = new double[CAPACITY];
  private int count;
  private long dropped;
  private long detections;
  private ToneEvent lastDetection;
  private long lastDetectionSample = -1;

  DetectorEvents() {
  }

  /** Number of events raised by the last {@code process} call. */
  public int count() {
    return count;
  }

  /** Kind of event {@code i} (0 <= i < count()). */
  public ToneEvent kind(int i) {
    check(i);
    return kinds[i];
  }

  /** Sample index at which event {@code i} was decided. */
  public long decidedAt(int i) {
    check(i);
    return decided[i];
  }

  /**
   * Estimated sample index of what event {@code i} reports: the signal's start (detections), the
   * reversal (PHASE_REVERSAL), the signal's end (END).
   */
  public long signalAt(int i) {
    check(i);
    return signal[i];
  }

  /** Level of the signal of event {@code i} in dBm0 (NaN if not measured). */
  public double levelDbm0(int i) {
    check(i);
    return levels[i];
  }

  /** Measured frequency of the signal of event {@code i} in Hz (NaN if not measured). */
  public double frequencyHz(int i) {
    check(i);
    return frequencies[i];
  }

  /** Events that did not fit in {@link #CAPACITY} since the last reset. */
  public long dropped() {
    return dropped;
  }

  /** Detections ({@link ToneEvent#isDetection()}) since the last reset. */
  public long detections() {
    return detections;
  }

  /** The most recent detection since the last reset, or null. */
  public ToneEvent lastDetection() {
    return lastDetection;
  }

  /** Sample index at which the most recent detection was decided, or -1. */
  public long lastDetectionSample() {
    return lastDetectionSample;
  }

  /** One event as text, for logs and test messages (allocates). */
  public String describe(int i) {
    check(i);
    return String.format("%s decided at %d (signal at %d, %.1f dBm0, %.1f Hz)",
        kinds[i], decided[i], signal[i], levels[i], frequencies[i]);
  }

  void clear() {
    count = 0;
  }

  void resetAll() {
    count = 0;
    dropped = 0;
    detections = 0;
    lastDetection = null;
    lastDetectionSample = -1;
  }

  void add(ToneEvent kind, long decidedAt, long signalAt, double levelDbm0, double frequencyHz) {
    if (kind.isDetection()) {
      detections++;
      lastDetection = kind;
      lastDetectionSample = decidedAt;
    }
    if (count == CAPACITY) {
      dropped++;
      return;
    }
    kinds[count] = kind;
    decided[count] = decidedAt;
    signal[count] = signalAt;
    levels[count] = levelDbm0;
    frequencies[count] = frequencyHz;
    count++;
  }

  private void check(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("event " + i + " of " + count);
    }
  }
}
