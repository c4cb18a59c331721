package dev.faxgate.detect;

/**
 * A detector of one fax signal on linear 16-bit audio at 8000 samples/s.
 *
 * <p>Contract, shared by {@link CngDetector}, {@link CedDetector} and
 * {@link V21PreambleDetector}:
 * <ul>
 *   <li>{@link #process} takes any block length (a 20 ms frame, one sample, a whole file) and
 *       gives the same events for the same audio however it is cut;</li>
 *   <li>it returns the number of events it raised, readable from {@link #events()} until the
 *       next call; sample indices count from the last {@link #reset()};</li>
 *   <li>nothing is allocated after construction; state is primitive fields and arrays;</li>
 *   <li>an instance belongs to one thread (the verticle a session is pinned to).</li>
 * </ul>
 */
public interface ToneDetector {

  /** Runs the detector over {@code len} samples of {@code samples} from {@code off}; returns the events raised. */
  int process(short[] samples, int off, int len);

  /** The events raised by the last {@link #process} call, and the detections so far. */
  DetectorEvents events();

  /** Samples processed since the last reset (the index the next sample will get). */
  long samplesProcessed();

  /** Forgets everything: state, events, sample count. */
  void reset();

  /** True once the detector has reported its signal since the last reset. */
  default boolean detected() {
    return events().detections() > 0;
  }
}
