package dev.faxgate.media;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One session's packets on both legs, as a pcap file (LINKTYPE_RAW: each record an IPv4 or IPv6
 * header, a UDP header with its checksum, and the datagram), so tshark's RTP and T.38 dissectors
 * read exactly what the session received and sent, with the legs' real addresses and ports.
 *
 * <p>Kept in memory while the session runs, bounded by {@code maxBytes}: past it, packets are
 * counted and not kept. Settled once, at the end, by {@link #settle(boolean)}: written to its file
 * (a temporary name, then a rename) and the folder pruned to {@code capture.max_files}, or, for a
 * capture {@link Keep#IF_FAILED} of a session that succeeded, dropped without touching the folder
 * (so a success never pushes an older failure's file out). Sessions created with
 * {@code "capture": true} keep theirs {@link Keep#ALWAYS}; with {@code capture.failed} every other
 * session has one {@link Keep#IF_FAILED}. The I/O verticle's thread only, until the session closes.
 */
final class PacketCapture {
  private static final int GLOBAL_HEADER = 24;
  private static final int RECORD_HEADER = 16;
  private static final int LINKTYPE_RAW = 101;
  private static final int UDP = 17;

  /** When the file is written at the end. */
  enum Keep {
    /** The controller asked for it at create: whatever the outcome. */
    ALWAYS,
    /** {@code capture.failed}: only when the session did not end SUCCESS. */
    IF_FAILED
  }

  private final int maxBytes;
  private final Path file;
  private final int maxFiles;
  private final Keep keep;
  private final long startMicros = System.currentTimeMillis() * 1000;
  private final long startNanos = System.nanoTime();
  private byte[] buf = new byte[64 * 1024];
  private int size;
  private long packets;
  private long dropped;

  /** A capture that is only ever {@link #write written} by hand (tests, tools). */
  PacketCapture(int maxBytes) {
    this(maxBytes, null, Integer.MAX_VALUE, Keep.ALWAYS);
  }

  /**
   * A session's capture, bound for {@code file}; at most {@code maxFiles} captures stay in its folder.
   */
  PacketCapture(int maxBytes, Path file, int maxFiles, Keep keep) {
    this.maxBytes = Math.max(maxBytes, GLOBAL_HEADER);
    this.file = file;
    this.maxFiles = maxFiles;
    this.keep = keep;
    putInt(0xa1b2c3d4); // microsecond timestamps; all fields big-endian, as the magic's byte order tells readers
    putShort(2);
    putShort(4);
    putInt(0); // thiszone
    putInt(0); // sigfigs
    putInt(65_535); // snaplen
    putInt(LINKTYPE_RAW);
  }

  /** A datagram from {@code src} to {@code dst}: {@code data}'s remaining bytes (its position is left as it was). */
  void packet(InetSocketAddress src, InetSocketAddress dst, ByteBuffer data) {
    int len = data.remaining();
    boolean v4 = src.getAddress() instanceof Inet4Address && dst.getAddress() instanceof Inet4Address;
    int ipHeader = v4 ? 20 : 40;
    int recordLen = ipHeader + 8 + len;
    if (size + RECORD_HEADER + recordLen > maxBytes) {
      dropped++;
      return;
    }
    ensure(RECORD_HEADER + recordLen);
    long micros = startMicros + (System.nanoTime() - startNanos) / 1000;
    putInt((int) (micros / 1_000_000));
    putInt((int) (micros % 1_000_000));
    putInt(recordLen);
    putInt(recordLen);
    byte[] s = v4 ? src.getAddress().getAddress() : v6(src.getAddress().getAddress());
    byte[] d = v4 ? dst.getAddress().getAddress() : v6(dst.getAddress().getAddress());
    if (v4) {
      int at = size;
      putShort(0x4500);
      putShort(recordLen);
      putShort((int) packets);
      putShort(0x4000); // don't fragment
      putShort((64 << 8) | UDP);
      putShort(0); // header checksum, below
      put(s, 0, 4);
      put(d, 0, 4);
      int sum = onesComplementSum(buf, at, 20, 0);
      buf[at + 10] = (byte) (~sum >> 8);
      buf[at + 11] = (byte) ~sum;
    } else {
      putInt(0x6000_0000);
      putShort(8 + len);
      putShort((UDP << 8) | 64);
      put(s, 0, 16);
      put(d, 0, 16);
    }
    int udp = size;
    putShort(src.getPort());
    putShort(dst.getPort());
    putShort(8 + len);
    putShort(0); // checksum, below
    data.get(data.position(), buf, size, len);
    size += len;
    // the pseudo-header (addresses, protocol, UDP length), then the UDP header and data
    int sum = onesComplementSum(s, 0, s.length, 0);
    sum = onesComplementSum(d, 0, d.length, sum);
    sum = fold(sum + UDP + 8 + len);
    sum = onesComplementSum(buf, udp, 8 + len, sum);
    int checksum = ~sum & 0xFFFF;
    if (checksum == 0) {
      checksum = 0xFFFF; // 0 means "no checksum" in UDP
    }
    buf[udp + 6] = (byte) (checksum >> 8);
    buf[udp + 7] = (byte) checksum;
    packets++;
  }

  /** Packets kept. */
  long packets() {
    return packets;
  }

  /** Packets not kept: the capture had reached its bound. */
  long dropped() {
    return dropped;
  }

  /** The pcap file's bytes so far. */
  byte[] bytes() {
    return Arrays.copyOf(buf, size);
  }

  Keep keep() {
    return keep;
  }

  Path file() {
    return file;
  }

  /**
   * The session ended ({@code failed}: not SUCCESS): writes the file and prunes its folder when the
   * capture is kept for that outcome, else drops the packets and touches no file. Returns whether
   * it wrote. Blocking: not on an event loop.
   */
  boolean settle(boolean failed) throws IOException {
    if (keep == Keep.IF_FAILED && !failed) {
      return false; // the session succeeded: nothing to keep

    }
    write(file);
    prune(file.toAbsolutePath().getParent(), maxFiles);
    return true;
  }

  /** Writes the file: a temporary name in the same folder, then a rename. Blocking: not on an event loop. */
  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, Arrays.copyOf(buf, size));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes the oldest {@code .pcap} files in {@code dir} beyond the newest {@code keep}. Blocking. */
  static void prune(Path dir, int keep) throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(dir)) {
      files = listed.filter(f -> f.getFileName().toString().endsWith(".pcap")).collect(Collectors.toList());
    }
    if (files.size() <= keep) {
      return;
    }
    Map<Path, FileTime> modified = new HashMap<>();
    for (Path f : files) {
      modified.put(f, Files.getLastModifiedTime(f));
    }
    files.sort(Comparator.comparing(modified::get));
    for (Path f : files.subList(0, files.size() - keep)) {
      Files.deleteIfExists(f);
    }
  }

  /** An IPv4 address mapped into IPv6 (a leg of each family in one session), or the IPv6 one. */
  private static byte[] v6(byte[] a) {
    if (a.length == 16) {
      return a;
    }
    byte[] m = new byte[16];
    m[10] = (byte) 0xFF;
    m[11] = (byte) 0xFF;
    System.arraycopy(a, 0, m, 12, 4);
    return m;
  }

  private static int onesComplementSum(byte[] b, int off, int len, int sum) {
    for (int i = 0; i + 1 < len; i += 2) {
      sum += ((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF);
    }
    if ((len & 1) != 0) {
      sum += (b[off + len - 1] & 0xFF) << 8;
    }
    return fold(sum);
  }

  private static int fold(int sum) {
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return sum;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.min(maxBytes, Math.max(buf.length * 2, size + more)));
    }
  }

  private void putInt(int v) {
    ensure(4);
    buf[size++] = (byte) (v >> 24);
    buf[size++] = (byte) (v >> 16);
    buf[size++] = (byte) (v >> 8);
    buf[size++] = (byte) v;
  }

  private void putShort(int v) {
    ensure(2);
    buf[size++] = (byte) (v >> 8);
    buf[size++] = (byte) v;
  }

  private void put(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }
}
