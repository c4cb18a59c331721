package dev.faxgate.detect;

import static dev.faxgate.bench.Signals.chord;
import static dev.faxgate.bench.Signals.concat;
import static dev.faxgate.bench.Signals.silence;
import static dev.faxgate.bench.Signals.sweep;
import static dev.faxgate.bench.Signals.tone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.faxgate.detect.Harness.Event;
import dev.faxgate.dsp.AwgnGenerator;
import dev.faxgate.dsp.PowerMeter;
import dev.faxgate.bench.Signals;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/*
 * What this exercises: that the three detectors (CNG, CED/ANSam, V.21 preamble) stay silent on
 * what is not a fax signal. Every source is run through all three, and the test demands ZERO
 * detections; it prints, per source, how close anything came (the longest run of 1100 Hz and of
 * 2100 Hz that passed the purity/frequency tests, and the most back-to-back V.21 flags).
 *  - Speech: sentences in English, German and French spoken by espeak-ng with several voices
 *    (male, female, another pitch and speed), converted to 8 kHz 16-bit by sox, then played as is,
 *    through G.711 µ-law and A-law, 10 dB louder (clipping) and 20 dB quieter. Skipped, saying
 *    so, when espeak-ng or sox is missing.
 *  - DTMF: all 16 keys at standard levels (-6/-4 dBm0, 2 dB twist) and quiet (-25/-23 dBm0), as
 *    70 ms on / 70 ms off dialling and as 1 s presses, linear and through µ-law.
 *  - Music-like tones: single tones near but outside the bands (1000, 1050, 1150, 1200, 2000, 2050,
 *    2150, 2200 Hz), steady for 3 s and in CNG's own cadence; steady 1650/1750/1850 Hz (V.21 band,
 *    no flags); chords (triads, and chords holding 1100 or 2100 Hz among other notes); sweeps
 *    across the whole band and slowly through each detection band; white noise.
 */
class FalseDetectionTest {

  /** One corpus entry: a name and its samples. */
  record Clip(String name, short[] samples) {}

  /** Runs all detectors over each clip; prints a line per clip; returns the detections. */
  static List<String> falseDetections(String corpus, List<Clip> clips) {
    List<String> found = new ArrayList<>();
    double seconds = 0;
    double worstCng = 0;
    double worstCed = 0;
    int worstFlags = 0;
    for (Clip c : clips) {
      CngDetector cng = new CngDetector();
      CedDetector ced = new CedDetector();
      V21PreambleDetector v21 = new V21PreambleDetector();
      List<Event> ev = new ArrayList<>();
      ev.addAll(Harness.detections(Harness.run(cng, c.samples(), 160)));
      ev.addAll(Harness.detections(Harness.run(ced, c.samples(), 160)));
      ev.addAll(Harness.detections(Harness.run(v21, c.samples(), 160)));
      seconds += c.samples().length / 8000.0;
      worstCng = Math.max(worstCng, cng.longestToneMs());
      worstCed = Math.max(worstCed, ced.longestToneMs());
      worstFlags = Math.max(worstFlags, v21.mostFlags());
      System.out.printf("  %-48s %6.1f s  1100 Hz run %4.0f ms  2100 Hz run %4.0f ms  flags %d  %s%n",
          c.name(), c.samples().length / 8000.0, cng.longestToneMs(), ced.longestToneMs(),
          v21.mostFlags(), ev.isEmpty() ? "ok" : "FALSE DETECTIONS " + ev);
      for (Event e : ev) {
        found.add(c.name() + ": " + e);
      }
    }
    System.out.printf("%s: %d clips, %.1f s of audio, %d false detections "
            + "(longest 1100 Hz run %.0f ms of the %.0f needed, longest 2100 Hz run %.0f ms of %.0f, "
            + "most flags %d of %d)%n",
        corpus, clips.size(), seconds, found.size(), worstCng, CngDetector.MIN_ON_MS, worstCed,
        CedDetector.RECOGNISE_MS, worstFlags, V21PreambleDetector.DEFAULT_FLAGS);
    return found;
  }

  // ------------------------------------------------------------------------------------ speech

  private static final String[][] SPEECH = {
    {"en", "en", "The quick brown fox jumps over the lazy dog. Please send me the contract by fax"
        + " before eleven o'clock tomorrow morning."},
    {"en-f3", "en+f3", "Hello, this is the accounts department. Can you hear me? I will call you back"
        + " in a few minutes. Thank you for your patience, and have a lovely afternoon."},
    {"en-us-slow", "en-us", "One, two, three, four, five, six, seven, eight, nine, ten. Eleven hundred"
        + " and twenty one hundred. Is anybody there? Hello? Hello?"},
    {"de", "de", "Guten Tag, hier ist die Buchhaltung. Bitte schicken Sie mir das Formular noch"
        + " heute per Fax, und rufen Sie mich morgen früh zurück."},
    {"de-m2", "de+m2", "Die Sonne scheint, und wir gehen am Wochenende in den Bergen wandern. Ich"
        + " freue mich schon sehr darauf."},
    {"fr", "fr", "Bonjour, je vous envoie le document par télécopie dans quelques minutes. Merci de"
        + " me rappeler si vous ne le recevez pas."},
    {"fr-f4", "fr+f4", "Le petit chat dort sur le canapé pendant que la pluie tombe doucement sur la"
        + " ville. Quelle belle journée d'automne."},
  };
  private static final String[][] SPEECH_OPTIONS = {
    {"en-f3", "-p", "75"}, {"en-us-slow", "-s", "120"}, {"fr-f4", "-p", "85"},
  };

  @Test
  void noDetectionsOnSpeech(@TempDir Path dir) throws Exception {
    boolean tools = Files.isExecutable(Path.of("/usr/bin/espeak-ng")) || onPath("espeak-ng");
    tools &= Files.isExecutable(Path.of("/usr/bin/sox")) || onPath("sox");
    if (!tools) {
      System.out.println("SKIPPED speech false-detection test: espeak-ng or sox is not installed"
          + " (apt-get install espeak-ng sox)");
    }
    assumeTrue(tools, "espeak-ng or sox is missing: speech false-detection test skipped");
    List<Clip> speech = new ArrayList<>();
    for (String[] s : SPEECH) {
      short[] pcm = speak(dir, s[0], s[1], s[2]);
      assertTrue(pcm.length > 8000, "espeak-ng produced speech for " + s[0]);
      double ms = 0;
      for (short x : pcm) {
        ms += (double) x * x;
      }
      double level = PowerMeter.meanSquareToDbm0(ms / pcm.length);
      speech.add(new Clip(String.format("%s (%.0f dBm0)", s[0], level), pcm));
      speech.add(new Clip(s[0] + " µ-law", Harness.ulaw(pcm)));
      speech.add(new Clip(s[0] + " A-law", Harness.alaw(pcm)));
      speech.add(new Clip(s[0] + " +10 dB (clipping) µ-law", Harness.ulaw(Harness.gain(pcm, 10))));
      speech.add(new Clip(s[0] + " -20 dB A-law", Harness.alaw(Harness.gain(pcm, -20))));
    }
    assertEquals(List.of(), falseDetections("speech (espeak-ng, sox)", speech));
  }

  private static short[] speak(Path dir, String name, String voice, String text) throws Exception {
    Path wav = dir.resolve(name + ".wav");
    Path raw = dir.resolve(name + ".raw");
    List<String> espeak = new ArrayList<>(List.of("espeak-ng", "-v", voice, "-w", wav.toString()));
    for (String[] o : SPEECH_OPTIONS) {
      if (o[0].equals(name)) {
        espeak.add(o[1]);
        espeak.add(o[2]);
      }
    }
    espeak.add(text);
    exec(dir, espeak);
    exec(dir, List.of("sox", wav.toString(), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer",
        "-L", raw.toString()));
    byte[] b = Files.readAllBytes(raw);
    short[] s = new short[b.length / 2];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
    return s;
  }

  private static void exec(Path dir, List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("tool.log").toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " timed out");
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + Files.readString(dir.resolve("tool.log")));
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  // -------------------------------------------------------------------------------------- DTMF

  @Test
  void noDetectionsOnDtmf() {
    List<Clip> clips = new ArrayList<>();
    char[] keys = Signals.dtmfKeys();
    for (double[] lv : new double[][] {{-6, -4}, {-25, -23}}) {
      List<short[]> dial = new ArrayList<>();
      List<short[]> press = new ArrayList<>();
      for (char k : keys) {
        dial.add(Signals.dtmf(k, 70, lv[0], lv[1]));
        dial.add(silence(70));
        press.add(Signals.dtmf(k, 1000, lv[0], lv[1]));
        press.add(silence(300));
      }
      short[] dialled = concat(dial.toArray(new short[0][]));
      short[] pressed = concat(press.toArray(new short[0][]));
      String l = String.format("%.0f/%.0f dBm0", lv[0], lv[1]);
      clips.add(new Clip("16 keys dialled 70/70 ms, " + l, dialled));
      clips.add(new Clip("16 keys dialled 70/70 ms, " + l + ", µ-law", Harness.ulaw(dialled)));
      clips.add(new Clip("16 keys pressed 1 s each, " + l, pressed));
      clips.add(new Clip("16 keys pressed 1 s each, " + l + ", µ-law", Harness.ulaw(pressed)));
    }
    assertEquals(List.of(), falseDetections("DTMF", clips));
  }

  // ------------------------------------------------------------------------------ music-like

  @Test
  void noDetectionsOnMusicLikeTones() {
    List<Clip> clips = new ArrayList<>();
    for (double hz : new double[] {1000, 1050, 1150, 1200, 2000, 2050, 2150, 2200}) {
      clips.add(new Clip(hz + " Hz steady 3 s, -10 dBm0", concat(tone(hz, -10, 3000), silence(500))));
      clips.add(new Clip(hz + " Hz in CNG cadence, -10 dBm0",
          concat(tone(hz, -10, 500), silence(3000), tone(hz, -10, 500), silence(3000))));
    }
    for (double hz : new double[] {1650, 1750, 1850}) {
      clips.add(new Clip(hz + " Hz steady 3 s (V.21 band)", concat(tone(hz, -10, 3000), silence(500))));
    }
    clips.add(new Clip("C major triad 2 s", chord(-16, 2000, 261.63, 329.63, 392.0)));
    clips.add(new Clip("C major triad, 4 octaves up", chord(-16, 2000, 1046.5, 1318.5, 1568.0)));
    clips.add(new Clip("chord holding 1100 Hz (1100/1375/1650)", chord(-16, 3000, 1100, 1375, 1650)));
    clips.add(new Clip("chord holding 2100 Hz (1400/1750/2100)", chord(-16, 3000, 1400, 1750, 2100)));
    clips.add(new Clip("1100 + 2100 Hz together", chord(-14, 3000, 1100, 2100)));
    clips.add(new Clip("A minor arpeggio 0.25 s notes",
        concat(tone(880, -12, 250), tone(1046.5, -12, 250), tone(1318.5, -12, 250),
            tone(1760, -12, 250), tone(2093, -12, 250), tone(1760, -12, 250))));
    clips.add(new Clip("sweep 300-3400 Hz in 2 s", sweep(300, 3400, -10, 2000)));
    clips.add(new Clip("sweep 3400-300 Hz in 5 s", sweep(3400, 300, -10, 5000)));
    clips.add(new Clip("sweep 1000-1200 Hz in 1.3 s (150 Hz/s)", concat(sweep(1000, 1200, -10, 1333), silence(500))));
    clips.add(new Clip("sweep 1050-1150 Hz in 2 s (50 Hz/s)", concat(sweep(1050, 1150, -10, 2000), silence(500))));
    clips.add(new Clip("sweep 2000-2200 Hz in 2 s (100 Hz/s)", concat(sweep(2000, 2200, -10, 2000), silence(500))));
    clips.add(new Clip("sweep 2050-2150 Hz in 2 s (50 Hz/s)", concat(sweep(2050, 2150, -10, 2000), silence(500))));
    clips.add(new Clip("sweep 1550-1950 Hz in 2 s (V.21 band)", sweep(1550, 1950, -10, 2000)));
    short[] noise = new short[80000];
    new AwgnGenerator(99, PowerMeter.dbm0ToRms(-20)).fill(noise, 0, noise.length);
    clips.add(new Clip("white noise -20 dBm0, 10 s", noise));
    List<Clip> all = new ArrayList<>(clips);
    for (Clip c : clips) {
      all.add(new Clip(c.name() + ", A-law", Harness.alaw(c.samples())));
    }
    assertEquals(List.of(), falseDetections("music-like tones", all));
  }
}
