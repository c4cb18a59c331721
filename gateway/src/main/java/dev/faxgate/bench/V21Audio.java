package dev.faxgate.bench;

import dev.faxgate.hdlc.HdlcTx;
import dev.faxgate.modem.V21Channel;
import dev.faxgate.modem.V21Tx;
import dev.faxgate.rtp.G711;
import java.util.Arrays;

/**
 * T.30 control frames as a fax terminal sends them in audio: a V.21 channel 2 burst (HDLC
 * preamble flags, the frames with their FCS, a closing flag) from the project's own transmitters,
 * at V.21Tx's default level, as µ-law samples. For the audio relay's T.30 watch: its benchmark
 * traffic and its tests.
 */
public final class V21Audio {
  private V21Audio() {
  }

  /**
   * The burst carrying {@code frames} (address, control, FCF, FIF in line order, without FCS), after
   * {@code preambleFlags} flags, padded with µ-law silence to a whole number of 160-sample frames.
   */
  public static byte[] ulawBurst(int preambleFlags, byte[]... frames) {
    HdlcTx hdlc = new HdlcTx(preambleFlags, 400);
    for (byte[] f : frames) {
      if (!hdlc.sendFrame(f, 0, f.length)) {
        throw new IllegalArgumentException("at most " + HdlcTx.QUEUE_FRAMES + " frames per burst");
      }
    }
    hdlc.end();
    V21Tx tx = new V21Tx(V21Channel.CH2, hdlc);
    short[] linear = new short[8000 * 10];
    int n = 0;
    for (int got = 160; got == 160 && n + 160 <= linear.length; ) {
      got = tx.tx(linear, n, 160);
      n += got;
    }
    int padded = (n + 159) / 160 * 160;
    byte[] out = new byte[padded];
    Arrays.fill(out, G711.ULAW_SILENCE);
    G711.linearToUlaw(linear, 0, out, 0, n);
    return out;
  }
}
