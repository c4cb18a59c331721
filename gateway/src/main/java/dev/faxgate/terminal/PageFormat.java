package dev.faxgate.terminal;

import dev.faxgate.t30.Resolution;

/**
 * How a page goes over the line, as the DCS says: its coding, resolution and width in pixels,
 * whether ECM carries it, and (non-ECM) the fewest bits a coded row may take, rate x minimum
 * scan-line time, which the page's coder meets with fill bits before each EOL.
 */
public record PageFormat(ImageCoding coding, Resolution resolution, int width, boolean ecm, int minRowBits) {}
