package dev.faxgate.modem;

/**
 * A payload as a transmitter's bits: each byte least significant bit first, bytes in order, then
 * {@link #END_OF_DATA} (faxpeer's order for the fast modems, and T.4's on the line).
 */
public final class PayloadBits implements BitSource {
  private final byte[] payload;
  private int pos;

  public PayloadBits(byte[] payload) {
    this.payload = payload;
  }

  @Override
  public int getBit() {
    if (pos >= payload.length * 8) {
      return END_OF_DATA;
    }
    int bit = (payload[pos >> 3] >> (pos & 7)) & 1;
    pos++;
    return bit;
  }
}
