package dev.faxgate.udptl;

/** What a UDPTL sender puts in the {@code error-recovery} part of its packets. */
public enum UdptlErrorCorrection {
  /** {@code secondary-ifp-packets} with no entries (what Asterisk sends for "none"). */
  NONE,
  /** {@code secondary-ifp-packets}: copies of the previous IFPs, newest first. */
  REDUNDANCY,
  /** {@code fec-info}: XOR parity over interleaved groups of previous IFPs. */
  FEC
}
