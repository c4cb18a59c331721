package dev.faxgate.tools;

import dev.faxgate.dsp.AwgnGenerator;
import dev.faxgate.dsp.LineImpairment;
import dev.faxgate.dsp.PowerMeter;
import dev.faxgate.hdlc.HdlcFrameHandler;
import dev.faxgate.hdlc.HdlcRx;
import dev.faxgate.hdlc.HdlcTx;
import dev.faxgate.modem.BitSink;
import dev.faxgate.modem.BitSource;
import dev.faxgate.modem.FastModem;
import dev.faxgate.modem.ModemRx;
import dev.faxgate.modem.ModemStatus;
import dev.faxgate.modem.ModemTx;
import dev.faxgate.modem.PayloadBits;
import dev.faxgate.modem.V21Channel;
import dev.faxgate.modem.V21Rx;
import dev.faxgate.modem.V21Tx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faxgate modem-tx} and {@code faxgate modem-rx}: offline modem files with faxpeer's syntax
 * and formats, so either tool's output feeds the other.
 *
 * <ul>
 *   <li>Sample files: raw signed 16-bit little-endian mono PCM at 8000 Hz.</li>
 *   <li>V.21 payload files (v21ch1, v21ch2 at 300): a sequence of frames, each a 2-byte
 *       little-endian length n (1..400) and n frame octets (address, control, FCF, FIF) without the
 *       FCS. modem-tx adds the FCS, bit stuffing, flags (a 1 s preamble of 37 flags, one flag
 *       between frames); modem-rx writes only the frames whose FCS is good.</li>
 * </ul>
 * Each prints one JSON line on stdout with faxpeer's field names; exit status 0 on success, 1 when
 * modem-rx recovers nothing, 2 for a usage error (with a JSON line whose status is ERROR).
 *
 * <p>The modems are the {@link Modem} table: V.21's channels (HDLC frame files) and every
 * {@link FastModem} (raw-bytes payloads).
 */
public final class ModemCommand {
  static final int SAMPLE_RATE = 8000;
  static final int EXIT_OK = 0;
  static final int EXIT_NOTHING = 1;
  static final int EXIT_USAGE = 2;

  private ModemCommand() {}

  /**
   * A modem the CLI drives, by its name on the command line: V.21's two channels (HDLC frames)
   * and the fax stack's fast modems ({@link FastModem}, raw bytes), whose list, rates and
   * transmitters and receivers this table takes from there.
   */
  public static final class Modem {
    /** V.21 channels 1 and 2, then the fast modems slowest first (as faxpeer lists them). */
    private static final List<Modem> ALL = all();

    /** The name on the command line, as faxpeer spells it. */
    final String cliName;
    /** Whether the payload is HDLC frames (V.21, T.30's control channel) rather than raw bytes. */
    final boolean hdlc;
    /** The V.21 channel, or null for a fast modem. */
    private final V21Channel channel;
    /** The fast modem, or null for V.21. */
    final FastModem fast;

    private Modem(V21Channel channel, FastModem fast) {
      this.channel = channel;
      this.fast = fast;
      this.hdlc = channel != null;
      this.cliName = (hdlc ? "v21" + channel.name() : fast.name()).toLowerCase(Locale.ROOT);
    }

    private static List<Modem> all() {
      List<Modem> all = new ArrayList<>();
      for (V21Channel ch : V21Channel.values()) {
        all.add(new Modem(ch, null));
      }
      FastModem[] fast = FastModem.values();
      for (int i = fast.length - 1; i >= 0; i--) {
        all.add(new Modem(null, fast[i]));
      }
      return List.copyOf(all);
    }

    public ModemTx tx(int rate, BitSource source) {
      return hdlc ? new V21Tx(channel, source) : fast.tx(rate, source);
    }

    public ModemRx rx(int rate, BitSink sink) {
      return hdlc ? new V21Rx(channel, sink) : fast.rx(rate, sink);
    }

    /** The name on the command line. */
    public String cliName() {
      return cliName;
    }

    /** The bit rates it runs at, slowest first. */
    public int[] rates() {
      return hdlc ? new int[] {V21Rx.BIT_RATE} : fast.rates();
    }

    /** The fast modems (raw-bytes payloads), slowest first. */
    public static List<Modem> fastModems() {
      return ALL.stream().filter(m -> !m.hdlc).toList();
    }

    boolean supports(int rate) {
      return hdlc ? rate == V21Rx.BIT_RATE : fast.supports(rate);
    }

    /** The modem called {@code name} at {@code rate}; null if there is none. */
    public static Modem of(String name, int rate) {
      for (Modem m : ALL) {
        if (m.cliName.equals(name) && m.supports(rate)) {
          return m;
        }
      }
      return null;
    }

    static String usage() {
      StringBuilder b = new StringBuilder();
      for (Modem m : ALL) {
        b.append(b.length() == 0 ? "" : " | ").append(m.cliName).append(' ');
        int[] rates = m.rates();
        for (int i = 0; i < rates.length; i++) {
          b.append(i == 0 ? "" : "|").append(rates[i]);
        }
      }
      return b.toString();
    }
  }

  /** {@code faxgate modem-tx MODEM RATE IN.frames OUT.pcm}. */
  @Command(name = "modem-tx", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Modulate a payload file into raw PCM (16-bit LE mono, 8000 Hz), as faxpeer modem-tx does.",
          "MODEM RATE: v21ch1 300 | v21ch2 300. V.21 payload: frames, each a 2-byte LE length (1..400) and the "
              + "frame octets without FCS; sent with a 1 s preamble of 37 flags, CRC-16/ITU, bit stuffing, one flag "
              + "between frames. Prints one JSON line."})
  public static final class Tx implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEM", description = "v21ch1 or v21ch2.")
    String modem;
    @Parameters(index = "1", paramLabel = "RATE", description = "Bit rate: 300 for V.21.")
    int rate;
    @Parameters(index = "2", paramLabel = "IN", description = "The payload file (V.21: frames).")
    Path in;
    @Parameters(index = "3", paramLabel = "OUT.pcm", description = "The signal file to write.")
    Path out;
    @Option(names = "--snr", paramLabel = "DB", description = "Add white Gaussian noise to the whole file: "
        + "SNR = 20 log10(signal_rms / noise_rms), the signal RMS measured over the signal.")
    Double snr;
    @Option(names = "--level", paramLabel = "DBM0", defaultValue = "-14",
        description = "Transmit level, dBm0, -60..0 (default: ${DEFAULT-VALUE}, spandsp's).")
    double level;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "1234", description = "Noise seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--no-training", description = "V.17: the payload burst has the short training, after a long-trained "
        + "burst without data and 75 ms of silence (receive with --burst 2). V.21: a preamble of 1 flag instead of 37 "
        + "(receive with --framing-flags 1).")
    boolean noTraining;
    @Option(names = "--idle-ms", paramLabel = "N", defaultValue = "200",
        description = "Silence after the signal, ms, 0..60000 (default: ${DEFAULT-VALUE}).")
    int idleMs;
    @Option(names = "--freq-offset", paramLabel = "HZ", defaultValue = "0",
        description = "Line impairment: shift the whole signal's spectrum by HZ (-200..200), applied before the noise "
            + "(analytic signal by a 255-tap Hilbert FIR, then mixed with cos/sin).")
    double freqOffset;
    @Option(names = "--clock-ppm", paramLabel = "PPM", defaultValue = "0",
        description = "Line impairment: sample-clock offset (-2000..2000 ppm): the output is resampled by (1 + PPM 1e-6) "
            + "with a 32-tap Kaiser-windowed sinc, applied before the noise.")
    double clockPpm;

    @Override
    public Integer call() {
      Modem m = Modem.of(modem, rate);
      if (Math.abs(freqOffset) > 200 || Math.abs(clockPpm) > 2000) {
        return usageError("modem-tx", "bad --freq-offset (-200..200 Hz) or --clock-ppm (-2000..2000)");
      }
      if (m == null) {
        return usageError("modem-tx", "bad modem/rate " + modem + " " + rate + " (" + Modem.usage() + ")");
      }
      if (level > 0 || level < -60) {
        return usageError("modem-tx", "bad --level (dBm0, -60..0)");
      }
      if (idleMs < 0 || idleMs > 60000) {
        return usageError("modem-tx", "bad --idle-ms");
      }
      byte[] payload;
      try {
        payload = Files.readAllBytes(in);
      } catch (IOException e) {
        return usageError("modem-tx", "cannot read " + in);
      }
      int frames = m.hdlc ? FrameFile.count(payload) : 0;
      if (frames < 0) {
        return usageError("modem-tx", in + " is not a V.21 frame file (2-byte LE length + 1..400 octets, repeated)");
      }
      if (!m.hdlc && noTraining && m.fast != FastModem.V17) {
        return usageError("modem-tx", "--no-training is not available for " + m.cliName + " (its transmitter always trains)");
      }
      ModemTx tx;
      short[] lead = new short[0];
      if (m.hdlc) {
        HdlcTx hdlc = new HdlcTx(noTraining ? 1 : HdlcTx.DEFAULT_PREAMBLE_FLAGS, FrameFile.MAX_FRAME);
        FrameFile.Reader reader = new FrameFile.Reader(payload);
        hdlc.frameSource(reader::queueNext);
        reader.queueNext(hdlc);
        tx = m.tx(rate, hdlc);
      } else if (noTraining) {
        // V.17's short train only follows a long one: a long-train burst with no data, 75 ms of
        // silence, then the short-train burst carrying the payload (receive with --burst 2)
        ModemTx first = m.tx(rate, () -> BitSource.END_OF_DATA);
        first.power(level);
        lead = drain(first, SAMPLE_RATE * 75 / 1000);
        tx = m.tx(rate, new PayloadBits(payload));
        tx.restart(rate, true);
      } else {
        tx = m.tx(rate, new PayloadBits(payload)); // right after the training, then the turn-off
      }
      tx.power(level);

      short[] pcm = Arrays.copyOf(lead, Math.max(SAMPLE_RATE, lead.length * 2));
      int n = lead.length;
      short[] block = new short[160];
      for (int produced = block.length; produced == block.length; ) {
        produced = tx.tx(block, 0, block.length);
        if (n + produced > pcm.length) {
          pcm = Arrays.copyOf(pcm, pcm.length * 2);
        }
        System.arraycopy(block, 0, pcm, n, produced);
        n += produced;
        if (n > 600 * SAMPLE_RATE) {
          return usageError("modem-tx", "the transmitter did not stop after 600 s");
        }
      }
      if (freqOffset != 0 || clockPpm != 0) {
        pcm = LineImpairment.apply(pcm, n, freqOffset, clockPpm);
        n = pcm.length;
      }
      int signalStart = 0;
      while (signalStart < n && pcm[signalStart] == 0) {
        signalStart++;
      }
      int signalEnd = n;
      while (signalEnd > signalStart && pcm[signalEnd - 1] == 0) {
        signalEnd--;
      }
      double acc = 0;
      for (int k = signalStart; k < signalEnd; k++) {
        acc += (double) pcm[k] * pcm[k];
      }
      double signalRms = signalEnd > signalStart ? Math.sqrt(acc / (signalEnd - signalStart)) : 0;
      int total = n + idleMs * SAMPLE_RATE / 1000;
      pcm = Arrays.copyOf(pcm, total);
      double noiseRms = 0;
      if (snr != null && signalRms > 0) {
        noiseRms = signalRms / Math.pow(10.0, snr / 20.0);
        new AwgnGenerator(seed, noiseRms).addTo(pcm, 0, total);
      }
      try {
        Pcm.write(out, pcm, total);
      } catch (IOException e) {
        return usageError("modem-tx", "cannot write " + out);
      }
      JsonObject j = new JsonObject()
          .put("role", "modem-tx").put("status", "OK").put("modem", m.cliName).put("rate", rate)
          .put("payload_bytes", payload.length).put("frames", m.hdlc ? frames : null)
          .put("training", m.hdlc ? (noTraining ? "preamble-1-flag" : "preamble-1s-flags")
              : noTraining ? "long-primer-burst+short" : "long") // faxpeer's words
          .put("samples", total).put("seconds", round((double) total / SAMPLE_RATE, 3))
          .put("signal_start_sample", signalStart).put("signal_end_sample", signalEnd)
          .put("signal_dbm0", round(dbm0(signalRms), 2))
          .put("level_dbm0", round(level, 2))
          .put("freq_offset_hz", freqOffset).put("clock_ppm", clockPpm);
      if (snr != null) {
        j.put("snr_db", round(snr, 2)).put("noise_dbm0", round(dbm0(noiseRms), 2)).put("seed", seed);
      } else {
        j.putNull("snr_db");
      }
      System.out.println(j.encode());
      return EXIT_OK;
    }
  }

  /** {@code faxgate modem-rx MODEM RATE IN.pcm OUT.frames}. */
  @Command(name = "modem-rx", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Demodulate raw PCM (16-bit LE mono, 8000 Hz) into a payload file, as faxpeer modem-rx does.",
          "MODEM RATE: v21ch1 300 | v21ch2 300. V.21: writes the frames whose FCS is good, in faxpeer's frame "
              + "file format, and counts the bad ones. Prints one JSON line with the events and their sample indices."})
  public static final class Rx implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEM", description = "v21ch1 or v21ch2.")
    String modem;
    @Parameters(index = "1", paramLabel = "RATE", description = "Bit rate: 300 for V.21.")
    int rate;
    @Parameters(index = "2", paramLabel = "IN.pcm", description = "The signal file.")
    Path in;
    @Parameters(index = "3", paramLabel = "OUT", description = "The payload file to write (V.21: frames).")
    Path out;
    @Option(names = "--framing-flags", paramLabel = "N", defaultValue = "5",
        description = "V.21: back-to-back flags needed before frames are accepted, 1..100 (default: ${DEFAULT-VALUE}, as spandsp).")
    int framingFlags;
    @Option(names = "--cutoff", paramLabel = "DBM0",
        description = "Carrier-detect cut-off, dBm0, -70..0 (default: -45; the carrier drops 3 dB below it).")
    Double cutoff;
    @Option(names = "--burst", paramLabel = "K", description = "v27ter/v29/v17: keep only the K-th trained burst (V.17's short train: 2).")
    Integer burst;
    @Option(names = "--bytes", paramLabel = "N", description = "v27ter/v29/v17: write at most N bytes (cuts the turn-off 1s).")
    Integer maxBytes;
    @Option(names = "--expect", paramLabel = "FILE",
        description = "v27ter/v29/v17: compare the first len(FILE) bytes received with FILE; reports bit_errors and payload_match.")
    Path expect;

    @Override
    public Integer call() {
      Modem m = Modem.of(modem, rate);
      if (m == null) {
        return usageError("modem-rx", "bad modem/rate " + modem + " " + rate + " (" + Modem.usage() + ")");
      }
      if (framingFlags < 1 || framingFlags > 100) {
        return usageError("modem-rx", "bad --framing-flags");
      }
      if (cutoff != null && (cutoff > 0 || cutoff < -70)) {
        return usageError("modem-rx", "bad --cutoff (dBm0)");
      }
      short[] pcm;
      try {
        pcm = Pcm.read(in);
      } catch (IOException e) {
        return usageError("modem-rx", "cannot read " + in);
      }
      if (!m.hdlc) {
        return receiveBytes(m, pcm);
      }
      Receiver r = new Receiver(m, rate, framingFlags, cutoff);
      r.run(pcm);
      try {
        Files.write(out, r.frames.toByteArray());
      } catch (IOException e) {
        return usageError("modem-rx", "cannot write " + out);
      }
      JsonObject j = new JsonObject()
          .put("role", "modem-rx").put("modem", m.cliName).put("rate", rate).put("samples", pcm.length)
          .put("status", r.hdlc.goodFrames() > 0 ? "OK" : "NO_DATA")
          .putNull("training_succeeded")
          .put("framing_ok", r.framingOk)
          .put("frames_ok", r.hdlc.goodFrames())
          .put("frames_bad", r.hdlc.badFrames())
          .put("crc_errors", r.hdlc.crcErrors())
          .put("length_errors", r.hdlc.lengthErrors())
          .put("aborts", r.hdlc.aborts())
          .put("bytes", r.hdlc.goodOctets())
          .put("bits_received", r.bits)
          .put("carrier_up_sample", r.carrierUp)
          .put("carrier_down_sample", r.carrierDown)
          .put("bytes_written", r.frames.size())
          .put("cutoff_dbm0", cutoff != null ? cutoff : V21Rx.DEFAULT_CUTOFF_DBM0)
          .put("framing_flags", framingFlags)
          .put("events", r.events);
      System.out.println(j.encode());
      return r.hdlc.goodFrames() > 0 ? EXIT_OK : EXIT_NOTHING;
    }

    private int receiveBytes(Modem m, short[] pcm) {
      ByteReceiver r = new ByteReceiver(burst == null ? 0 : burst);
      ModemRx rx = m.rx(rate, r);
      if (cutoff != null) {
        rx.signalCutoff(cutoff);
      }
      short[] one = new short[1];
      int flush = SAMPLE_RATE / 10; // 100 ms of silence flushes the receiver, as faxpeer does
      for (int k = 0; k < pcm.length + flush; k++) {
        r.sample = k;
        one[0] = k < pcm.length ? pcm[k] : 0;
        rx.rx(one, 0, 1);
      }
      byte[] got = r.bytes.toByteArray();
      if (maxBytes != null && maxBytes >= 0 && got.length > maxBytes) {
        got = Arrays.copyOf(got, maxBytes);
      }
      try {
        Files.write(out, got);
      } catch (IOException e) {
        return usageError("modem-rx", "cannot write " + out);
      }
      JsonObject j = new JsonObject()
          .put("role", "modem-rx").put("modem", m.cliName).put("rate", rate).put("samples", pcm.length)
          .put("status", got.length > 0 ? "OK" : "NO_DATA")
          .put("training_succeeded", r.trained > 0).put("training_failed", r.failed > 0)
          .put("trained_at_sample", r.trainedAt).put("carrier_up_sample", r.carrierUp)
          .put("carrier_down_sample", r.carrierDown).put("bits_received", r.bits)
          .put("bytes", got.length).put("bursts", r.trained).put("events", r.events);
      if (expect != null) {
        byte[] want;
        try {
          want = Files.readAllBytes(expect);
        } catch (IOException e) {
          return usageError("modem-rx", "cannot read " + expect);
        }
        long errors = 0;
        for (int i = 0; i < want.length; i++) {
          errors += Integer.bitCount((want[i] ^ (i < got.length ? got[i] : ~want[i])) & 0xFF);
        }
        j.put("expect_bytes", want.length).put("bit_errors", errors).put("payload_match", errors == 0);
      }
      System.out.println(j.encode());
      return got.length > 0 ? EXIT_OK : EXIT_NOTHING;
    }
  }

  /** Runs a transmitter to its end, then {@code silence} samples of silence. */
  static short[] drain(ModemTx tx, int silence) {
    short[] out = new short[SAMPLE_RATE];
    int n = 0;
    for (int produced = 160; produced == 160; ) {
      if (out.length - n < 160) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      produced = tx.tx(out, n, 160);
      n += produced;
    }
    return Arrays.copyOf(out, n + silence);
  }

  /**
   * A fast modem's receive chain over a whole file, as faxpeer's modem-rx: the bits after each
   * "training succeeded", packed least significant bit first, each trained burst starting on a
   * byte boundary, whole bytes only; every status change with its sample index.
   */
  static final class ByteReceiver implements BitSink {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    /** The trained burst whose bytes are kept, counting from 1; 0 keeps every burst. */
    private final int keepBurst;
    final JsonArray events = new JsonArray();
    long sample;
    long bits;
    int trained;
    int failed;
    long trainedAt = -1;
    long carrierUp = -1;
    long carrierDown = -1;
    private boolean inData;
    private int acc;
    private int count;

    ByteReceiver(int keepBurst) {
      this.keepBurst = keepBurst;
    }

    @Override
    public void putBit(int bit) {
      if (!inData || (keepBurst > 0 && trained != keepBurst)) {
        return;
      }
      bits++;
      acc |= (bit & 1) << count;
      if (++count == 8) {
        bytes.write(acc);
        acc = 0;
        count = 0;
      }
    }

    @Override
    public void status(ModemStatus status) {
      events.add(new JsonObject().put("event", status.name().toLowerCase(Locale.ROOT)).put("sample", sample));
      switch (status) {
        case TRAINING_SUCCEEDED -> {
          trained++;
          trainedAt = trainedAt < 0 ? sample : trainedAt;
          inData = true;
          acc = 0;
          count = 0;
        }
        case TRAINING_FAILED -> failed++;
        case CARRIER_UP -> carrierUp = carrierUp < 0 ? sample : carrierUp;
        case CARRIER_DOWN -> {
          carrierDown = sample;
          inData = false;
        }
        default -> { }
      }
    }
  }

  /**
   * A V.21 receive chain over a whole file: modem, HDLC, the good frames in the frame-file format,
   * and every status change with its sample index. One sample per call, so the indices are exact;
   * 100 ms of silence after the file flushes the receiver (as faxpeer does).
   */
  static final class Receiver implements BitSink {
    final HdlcRx hdlc;
    final ModemRx rx;
    final ByteArrayOutputStream frames = new ByteArrayOutputStream();
    final JsonArray events = new JsonArray();
    long sample;
    long bits;
    long carrierUp = -1;
    long carrierDown = -1;
    boolean framingOk;

    Receiver(Modem modem, int rate, int framingFlags, Double cutoff) {
      hdlc = new HdlcRx(new HdlcFrameHandler() {
        @Override
        public void frame(byte[] frame, int len, boolean crcOk) {
          if (crcOk) {
            frames.write(len & 0xFF);
            frames.write(len >>> 8);
            frames.write(frame, 0, len);
          }
        }

        @Override
        public void status(ModemStatus status) {
          event(status); // the HDLC receiver's own (framing, abort) and the modem's, passed through
        }
      }, framingFlags, FrameFile.MAX_FRAME);
      rx = modem.rx(rate, this);
      if (cutoff != null) {
        rx.signalCutoff(cutoff);
      }
    }

    void run(short[] pcm) {
      for (sample = 0; sample < pcm.length; sample++) {
        rx.rx(pcm, (int) sample, 1);
      }
      short[] silence = new short[1];
      for (int k = 0; k < SAMPLE_RATE / 10; k++, sample++) {
        rx.rx(silence, 0, 1);
      }
    }

    @Override
    public void putBit(int bit) {
      bits++;
      hdlc.putBit(bit);
    }

    @Override
    public void status(ModemStatus status) {
      if (status == ModemStatus.CARRIER_UP && carrierUp < 0) {
        carrierUp = sample;
      } else if (status == ModemStatus.CARRIER_DOWN && carrierDown < 0) {
        carrierDown = sample;
      }
      hdlc.status(status);
    }

    private void event(ModemStatus status) {
      if (status == ModemStatus.FRAMING_OK) {
        framingOk = true;
      }
      events.add(new JsonObject().put("event", text(status)).put("sample", sample));
    }

    /** spandsp's wording ("Carrier up", "Framing OK", "Abort"...), so the two JSON lines compare. */
    private static String text(ModemStatus s) {
      if (s == ModemStatus.FRAMING_OK) {
        return "Framing OK";
      }
      String t = s.name().toLowerCase().replace('_', ' ');
      return Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }
  }

  /** faxpeer's V.21 frame file. */
  static final class FrameFile {
    static final int MAX_FRAME = 400;

    private FrameFile() {}

    /** The number of frames, or -1 if {@code d} is not a frame file. */
    static int count(byte[] d) {
      int pos = 0;
      int frames = 0;
      while (pos < d.length) {
        if (pos + 2 > d.length) {
          return -1;
        }
        int n = (d[pos] & 0xFF) | (d[pos + 1] & 0xFF) << 8;
        if (n < 1 || n > MAX_FRAME || pos + 2 + n > d.length) {
          return -1;
        }
        pos += 2 + n;
        frames++;
      }
      return frames;
    }

    /** Feeds an {@link HdlcTx} the frames of a (valid) file, then ends it. */
    static final class Reader {
      private final byte[] d;
      private int pos;

      Reader(byte[] d) {
        this.d = d;
      }

      void queueNext(HdlcTx tx) {
        if (pos + 2 <= d.length) {
          int n = (d[pos] & 0xFF) | (d[pos + 1] & 0xFF) << 8;
          tx.sendFrame(d, pos + 2, n);
          pos += 2 + n;
        } else {
          tx.end();
        }
      }
    }
  }

  /** Raw signed 16-bit little-endian PCM files. */
  static final class Pcm {
    private Pcm() {}

    static short[] read(Path p) throws IOException {
      byte[] b = Files.readAllBytes(p);
      short[] s = new short[b.length / 2];
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
      return s;
    }

    static void write(Path p, short[] s, int n) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
      b.asShortBuffer().put(s, 0, n);
      Files.write(p, b.array());
    }
  }

  /** dBm0 of an RMS, as faxpeer prints it (-99 for none). */
  static double dbm0(double rms) {
    return rms > 0 ? 20.0 * Math.log10(rms / PowerMeter.FULL_SCALE) + PowerMeter.DBM0_MAX_POWER : -99.0;
  }

  public static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }

  public static int usageError(String role, String message) {
    System.err.println("faxgate " + role + ": " + message);
    System.out.println(new JsonObject().put("role", role).put("status", "ERROR").put("error", message).encode());
    return EXIT_USAGE;
  }
}
