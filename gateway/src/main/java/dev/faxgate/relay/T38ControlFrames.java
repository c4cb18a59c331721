package dev.faxgate.relay;

import dev.faxgate.t30.ControlFrameTap;
import dev.faxgate.t38.HdlcFrameAssembly;
import dev.faxgate.t38.IfpCodec;
import dev.faxgate.t38.IfpPacket;
import dev.faxgate.t38.T38FieldType;
import dev.faxgate.udptl.UdptlReceiver;

/**
 * Reads the T.30 control frames out of one leg's IFPs as the T.38 relay passes them on, and hands
 * each good one to a {@link ControlFrameTap} (docs/dsp.md §2: T.38 carries V.21 HDLC as data type
 * {@code v21}, the frame's octets in {@code hdlc-data} fields, closed by {@code hdlc-fcs-OK} or
 * {@code hdlc-fcs-BAD}, with or without {@code -sig-end}).
 *
 * <p>Only what is needed is parsed. The first octet of an IFP says whether it is an indicator, V.21
 * data or another modem's data (the same in every T.38 version, {@link #V21_DATA}); only V.21 data
 * is decoded, and its frame assembled ({@link HdlcFrameAssembly}, as the gateway's T.38-to-audio
 * half does). Image data (TCF, non-ECM rows, ECM frames) is not read: the T.30 exchange around it
 * says what a page was. A frame closed by fcs-BAD, cut by a sig-end or an indicator, or hit by IFPs
 * lost for good ({@link #ifp}'s sequence numbers jump) is dropped, as the gateway drops it.
 *
 * <p>The IFPs' bytes are never changed: a frame is copied (bit-reversed) before the tap sees it.
 * Nothing is allocated after construction. One thread.
 */
final class T38ControlFrames {
  /** Longest control frame read, octets without FCS: T.30's largest ({@link dev.faxgate.hdlc.HdlcRx#DEFAULT_MAX_FRAME_LENGTH}). */
  static final int MAX_FRAME = 400;
  /**
   * The first octet of a V.21 data IFP, masked with {@link #TYPE_MASK}: data-field bit aside,
   * {@code t30-data} (C = 1), no extension (E = 0), data type index 0 (v21), in 1998 and 2002 alike
   * ({@link IfpCodec}).
   */
  static final int V21_DATA = 0x40;
  /** C, E and the four index bits of the first octet. */
  static final int TYPE_MASK = 0x7E;

  private final ControlFrameTap tap;
  private final FaxWatch watch;
  private final IfpPacket ifp = new IfpPacket();
  private final HdlcFrameAssembly frame = new HdlcFrameAssembly(MAX_FRAME);
  private final int version;
  private int expectedSeq = -1;
  private long framesDropped;
  private long undecodable;

  /**
   * @param version the leg's T.38 version (0: 1998 ASN.1, else 2002)
   * @param tap where good frames go
   * @param watch told of fax activity (any indicator but no-signal, any data)
   */
  T38ControlFrames(int version, ControlFrameTap tap, FaxWatch watch) {
    this.version = version;
    this.tap = tap;
    this.watch = watch;
  }

  /** The IFP {@code buf[off .. off+len)} with UDPTL sequence number {@code seq}, in sequence order. */
  void ifp(int seq, byte[] buf, int off, int len) {
    if (expectedSeq >= 0 && seq != expectedSeq && ((seq - expectedSeq) & 0xFFFF) < UdptlReceiver.RESTART_AHEAD) {
      frame.corrupt(); // IFPs lost for good: the frame being assembled lacks octets, or its end
    }
    expectedSeq = (seq + 1) & 0xFFFF;
    if (len < 1) {
      return;
    }
    int b0 = buf[off] & 0xFF;
    if ((b0 & 0x40) == 0) { // an indicator: a new signal starts, whatever was being assembled is cut
      if ((b0 & 0x3E) != 0) { // not no-signal (index 0, no extension)
        watch.activity();
      }
      cut();
      return;
    }
    watch.activity();
    if ((b0 & TYPE_MASK) != V21_DATA) {
      cut(); // a fast modem's data: image, not read
      return;
    }
    if (IfpCodec.decode(buf, off, len, version, ifp) != IfpCodec.OK) {
      undecodable++;
      frame.corrupt();
      return;
    }
    for (int i = 0; i < ifp.fieldCount(); i++) {
      T38FieldType type = ifp.fieldType(i);
      switch (type) {
        case HDLC_DATA -> append(i);
        case HDLC_FCS_OK, HDLC_FCS_OK_SIG_END -> {
          append(i);
          close(true);
        }
        case HDLC_FCS_BAD, HDLC_FCS_BAD_SIG_END -> {
          append(i);
          close(false);
        }
        case HDLC_SIG_END -> {
          append(i);
          cut();
        }
        default -> { } // non-ECM fields do not belong in V.21
      }
    }
  }

  private void append(int field) {
    frame.append(ifp.fieldArray(field), ifp.fieldOffset(field), ifp.fieldLength(field));
  }

  private void close(boolean fcsOk) {
    if (frame.isEmpty()) {
      return; // a repeated end of frame
    }
    if (fcsOk && frame.isUsable()) {
      tap.frame(frame.array(), 0, frame.length(), true);
    } else {
      framesDropped++;
    }
    frame.reset();
  }

  /** The frame being assembled, if any, ends unfinished. */
  private void cut() {
    if (!frame.isEmpty()) {
      if (frame.length() > 0) {
        framesDropped++;
      }
      frame.reset();
    }
  }

  /** Control frames dropped: closed by fcs-BAD, cut short, hit by lost IFPs, too long. */
  long framesDropped() {
    return framesDropped;
  }

  /** V.21 IFPs that did not decode in the leg's version. */
  long undecodable() {
    return undecodable;
  }
}
