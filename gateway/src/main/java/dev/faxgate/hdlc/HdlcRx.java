package dev.faxgate.hdlc;

import dev.faxgate.modem.BitSink;
import dev.faxgate.modem.ModemStatus;

/**
 * HDLC receiver: takes line bits from a modem (it is the modem's {@link BitSink}) and hands whole
 * frames to a {@link HdlcFrameHandler} (after spandsp's {@code hdlc_rx}).
 *
 * <ul>
 *   <li><b>Flag sync.</b> Frames are accepted only after {@code framingFlags} back-to-back flags
 *       (0x7E, exactly 8 bits apart, or 7 when two flags share a 0), like faxpeer's
 *       {@code --framing-flags} (spandsp's fax modems use 5). The first time, the handler hears
 *       {@link ModemStatus#FRAMING_OK}. A carrier up starts the count again.</li>
 *   <li><b>Frames.</b> The bits between two flags, with the 0 after five 1s removed, octets LSB
 *       first. A frame is good when it is a whole number of octets, 3 to {@code maxFrameLength}+2
 *       octets long, and its CRC-16/ITU FCS ({@link Crc16}) checks; otherwise it is delivered as bad.
 *       Fewer than 8 bits between flags are ignored (a flag hit by a bit error).</li>
 *   <li><b>Aborts.</b> Seven 1s in a row end the frame in progress ({@link ModemStatus#ABORT},
 *       counted); one flag is then enough to go on.</li>
 * </ul>
 * Nothing is allocated after construction. Not thread-safe.
 */
public final class HdlcRx implements BitSink {
  /** The largest frame T.30 and faxpeer use, octets without the FCS. */
  public static final int DEFAULT_MAX_FRAME_LENGTH = 400;
  /** Back-to-back flags needed before frames are accepted: spandsp's fax modems' value. */
  public static final int DEFAULT_FRAMING_FLAGS = 5;

  private enum Stage {
    /** Counting back-to-back flags (the preamble), below the framing threshold. */
    FLAG_SYNC,
    /** In sync: collecting frames between flags. */
    FRAMING
  }

  private final HdlcFrameHandler handler;
  private final int framingFlags;
  private final int maxOctets;
  private final byte[] buffer;

  private Stage stage;
  private int flagsSeen;
  private boolean framingAnnounced;
  /** 1 bits in a row. */
  private int ones;
  /** Raw bits since the last flag ended (stuffed 0s included). */
  private int rawSinceFlag;
  /** Data bits since the last flag (the flag's own first 6 bits end up here too). */
  private int dataBits;
  private int octet;
  private int octets;
  private boolean overlong;
  private boolean inAbort;

  private long goodFrames;
  private long crcErrors;
  private long lengthErrors;
  private long aborts;
  private long goodOctets;

  /** A receiver with {@link #DEFAULT_FRAMING_FLAGS} and {@link #DEFAULT_MAX_FRAME_LENGTH}. */
  public HdlcRx(HdlcFrameHandler handler) {
    this(handler, DEFAULT_FRAMING_FLAGS, DEFAULT_MAX_FRAME_LENGTH);
  }

  /**
   * @param framingFlags back-to-back flags needed before the first frame, at least 1
   * @param maxFrameLength the longest frame accepted, octets without the FCS
   */
  public HdlcRx(HdlcFrameHandler handler, int framingFlags, int maxFrameLength) {
    if (framingFlags < 1 || maxFrameLength < 1) {
      throw new IllegalArgumentException("framingFlags and maxFrameLength must be at least 1");
    }
    this.handler = handler;
    this.framingFlags = framingFlags;
    this.maxOctets = maxFrameLength + 2;
    this.buffer = new byte[maxOctets];
    restart();
  }

  /** As new: flag hunting, every counter 0 (for a receiver reused from session to session). */
  public void reset() {
    goodFrames = 0;
    crcErrors = 0;
    lengthErrors = 0;
    aborts = 0;
    goodOctets = 0;
    restart();
  }

  /** Back to flag hunting, as at carrier up. The counters are kept. */
  public void restart() {
    stage = Stage.FLAG_SYNC;
    flagsSeen = 0;
    framingAnnounced = false;
    ones = 0;
    rawSinceFlag = 0;
    inAbort = false;
    startFrame();
  }

  @Override
  public void status(ModemStatus status) {
    if (status == ModemStatus.CARRIER_UP || status == ModemStatus.TRAINING_SUCCEEDED) {
      restart();
    } else if (status == ModemStatus.CARRIER_DOWN) {
      startFrame(); // a frame cut by the carrier is dropped without a word, as spandsp does
    }
    handler.status(status);
  }

  @Override
  public void putBit(int bit) {
    rawSinceFlag++;
    if ((bit & 1) != 0) {
      if (++ones == 7) {
        abort();
      } else if (ones < 6) {
        dataBit(1);
      }
      return;
    }
    int run = ones;
    ones = 0;
    if (run == 6) {
      flag();
    } else if (run == 5) {
      return; // a stuffed 0
    } else if (run < 6) {
      if (inAbort) {
        return; // what follows an abort is junk until the next flag
      }
      dataBit(0);
    }
    // run >= 7: the 0 that ends an abort
  }

  private void dataBit(int bit) {
    if (stage != Stage.FRAMING || inAbort) {
      return;
    }
    octet |= bit << (dataBits & 7);
    dataBits++;
    if ((dataBits & 7) == 0) {
      if (octets < maxOctets) {
        buffer[octets++] = (byte) octet;
      } else {
        overlong = true;
      }
      octet = 0;
    }
  }

  private void flag() {
    boolean backToBack = rawSinceFlag == 8 || rawSinceFlag == 7;
    rawSinceFlag = 0;
    inAbort = false;
    if (stage == Stage.FRAMING) {
      endOfFrame();
    } else {
      if (flagsSeen != framingFlags - 1 && !backToBack) {
        flagsSeen = 0;
      }
      if (++flagsSeen >= framingFlags) {
        stage = Stage.FRAMING;
        if (!framingAnnounced) {
          framingAnnounced = true;
          handler.status(ModemStatus.FRAMING_OK);
        }
      }
    }
    startFrame();
  }

  /** A flag closed whatever was collected since the previous one. */
  private void endOfFrame() {
    // the flag's leading 0 and five of its 1s were taken as data bits: drop them
    int bits = dataBits - 6;
    if (bits < 8) {
      return; // back-to-back flags, or a flag broken by a bit error
    }
    int len = bits >>> 3;
    if ((bits & 7) != 0 || overlong || len < 3) {
      lengthErrors++;
      handler.frame(buffer, Math.max(0, Math.min(len, maxOctets) - 2), false);
    } else if (Crc16.check(buffer, 0, len)) {
      goodFrames++;
      goodOctets += len - 2;
      handler.frame(buffer, len - 2, true);
    } else {
      crcErrors++;
      handler.frame(buffer, len - 2, false);
    }
  }

  private void abort() {
    if (stage == Stage.FRAMING) {
      aborts++;
      handler.status(ModemStatus.ABORT);
      // one more flag is enough to carry on
      stage = Stage.FLAG_SYNC;
      flagsSeen = framingFlags - 1;
    } else if (flagsSeen < framingFlags - 1) {
      flagsSeen = 0;
    }
    inAbort = true;
    startFrame();
  }

  private void startFrame() {
    dataBits = 0;
    octet = 0;
    octets = 0;
    overlong = false;
  }

  /** Frames with a good FCS. */
  public long goodFrames() {
    return goodFrames;
  }

  /** Frames with a bad FCS. */
  public long crcErrors() {
    return crcErrors;
  }

  /** Frames too short, too long, or not a whole number of octets. */
  public long lengthErrors() {
    return lengthErrors;
  }

  /** Frames delivered as bad: {@link #crcErrors()} + {@link #lengthErrors()}. */
  public long badFrames() {
    return crcErrors + lengthErrors;
  }

  /** Aborts seen while in sync. */
  public long aborts() {
    return aborts;
  }

  /** Octets of the good frames, FCS excluded. */
  public long goodOctets() {
    return goodOctets;
  }

  /** Whether the receiver is in flag sync (frames are being accepted). */
  public boolean framing() {
    return stage == Stage.FRAMING;
  }
}
