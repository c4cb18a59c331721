package dev.faxgate.dsp;

/**
 * White Gaussian noise of a set RMS, reproducible from a seed (for tests, line models,
 * benchmarks and {@code faxgate modem-tx --snr}). The uniform source is SplitMix64 (fixed by its published constants, so a seed
 * gives the same noise on every JVM); the normal deviates come from Marsaglia's polar method,
 * two per round.
 */
public final class AwgnGenerator {

  private final long seed;
  private long state;
  private double rms;
  private double spare;
  private boolean haveSpare;

  /** Noise of RMS {@code rms} (16-bit scale) from {@code seed}. */
  public AwgnGenerator(long seed, double rms) {
    this.seed = seed;
    this.state = seed;
    this.rms = rms;
  }

  /** Noise at {@code dbm0} from {@code seed}. */
  public static AwgnGenerator ofDbm0(long seed, double dbm0) {
    return new AwgnGenerator(seed, PowerMeter.dbm0ToRms(dbm0));
  }

  /** The noise RMS that gives {@code snrDb} against a signal of RMS {@code signalRms}. */
  public static double rmsForSnr(double signalRms, double snrDb) {
    return signalRms * Math.pow(10.0, -snrDb / 20.0);
  }

  /** A uniform deviate in [0, 1). */
  public double nextUniform() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  private long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A standard normal deviate (mean 0, variance 1). */
  public double nextGaussian() {
    if (haveSpare) {
      haveSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2.0 * nextUniform() - 1.0;
      v = 2.0 * nextUniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double m = Math.sqrt(-2.0 * Math.log(s) / s);
    spare = v * m;
    haveSpare = true;
    return u * m;
  }

  /** One noise sample at the set RMS. */
  public double next() {
    return rms * nextGaussian();
  }

  /** Adds noise to {@code len} samples of {@code buf}, rounding and saturating. */
  public void addTo(short[] buf, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      buf[i] = Dsp.saturate(buf[i] + rms * nextGaussian());
    }
  }

  /** Writes {@code len} samples of noise into {@code buf}, rounding and saturating. */
  public void fill(short[] buf, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      buf[i] = Dsp.saturate(rms * nextGaussian());
    }
  }

  /** Sets the RMS. */
  public void setRms(double rms) {
    this.rms = rms;
  }

  /** Sets the level in dBm0. */
  public void setDbm0(double dbm0) {
    this.rms = PowerMeter.dbm0ToRms(dbm0);
  }

  /** The RMS. */
  public double rms() {
    return rms;
  }

  /** Restarts the sequence from the seed. */
  public void reset() {
    state = seed;
    haveSpare = false;
  }
}
