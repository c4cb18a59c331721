/**
 * T.4 and T.6 image coding: MH, MR and MMR, row by row and streaming, allocation-free per row.
 * {@link dev.faxgate.t4.T4Encoder} turns packed rows into code octets (the transmission form
 * with EOLs, fill and RTC, or the TIFF class F form); {@link dev.faxgate.t4.T4Decoder} turns code
 * octets, in any chunking, into rows, conceals and counts bad rows and finds the end of the page.
 * {@link dev.faxgate.t4.T4BitOrder} says which bit of an octet comes first. docs/terminal.md,
 * "Image coding", is the page for users.
 *
 * <p>Layer: fax stack. Plain Java; imports nothing outside the JDK.
 */
package dev.faxgate.t4;
