/**
 * Fax files: the spool directory API paths are confined to ({@link dev.faxgate.faxfile.SpoolDirectory}),
 * TIFF files to send, checked whole when opened and read a page at a time
 * ({@link dev.faxgate.faxfile.FaxDocument}, {@link dev.faxgate.faxfile.PageGeometry}), received faxes
 * written as TIFF-F ({@link dev.faxgate.faxfile.TiffFaxWriter}), and the header line drawn on sent
 * pages ({@link dev.faxgate.faxfile.HeaderLine}, {@link dev.faxgate.faxfile.HeaderFont}). Pages are
 * rows in the fax stack's format ({@link dev.faxgate.faxfile.FaxPage}: packed, bit 7 of octet 0 the
 * leftmost pixel, 1 = black). TIFF goes through the JDK's own ImageIO TIFF plugin. Refusals are
 * {@link dev.faxgate.faxfile.FaxFileException}s whose message is meant for the API client.
 * docs/terminal.md describes it for users.
 *
 * <p>Layer: fax stack. Plain Java and {@code javax.imageio}; no Vert.x, Netty or Micrometer. The
 * methods that touch the disk (open, finish, resolve) block: the service calls them off its event loops.
 */
package dev.faxgate.faxfile;
