package dev.faxgate.results;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * One segment file of an {@link Outbox}: its record frame format, the start-up scan that validates
 * (and if need be repairs) it, and an in-memory index of its intact records with their
 * acknowledged state. Not thread-safe; the owning {@link Outbox} serialises all access.
 *
 * <p>Record frame, all integers big-endian:
 *
 * <pre>
 * offset  size  field
 *  0       4    magic   "FXOB" (0x46 0x58 0x4F 0x42)
 *  4       1    version 1
 *  5       4    length  payload length in bytes (0 .. 2^30)
 *  9       8    id      record id, strictly increasing through the outbox
 * 17       4    crc     CRC32C of bytes 4..16 (version, length, id) followed by the payload
 * 21       n    payload
 * </pre>
 *
 * <p>The file name carries the id the segment was created for: {@code outbox-<20-digit id>.log}.
 * Every record in it has an id at least that large.
 */
final class OutboxSegment implements Closeable {
  static final int MAGIC = 0x46584F42; // "FXOB"
  static final byte VERSION = 1;
  static final int HEADER_BYTES = 21;
  /** The format's hard limit on a payload, whatever the options say. */
  static final int MAX_PAYLOAD_BYTES = 1 << 30;

  private static final Pattern NAME = Pattern.compile("outbox-(\\d{20})\\.log");
  private static final int CHUNK = 64 * 1024;

  final Path path;
  final long baseId;
  private final FileChannel channel;
  /** Bytes of the file that belong to it (intact records and skipped corrupt regions). */
  private long size;

  private long[] ids = new long[16];
  private long[] offsets = new long[16];
  private int[] lengths = new int[16];
  private final BitSet acked = new BitSet();
  private int count;
  private int ackedCount;
  private long unackedBytes;

  private OutboxSegment(Path path, long baseId, FileChannel channel, long size) {
    this.path = path;
    this.baseId = baseId;
    this.channel = channel;
    this.size = size;
  }

  static String fileName(long baseId) {
    return String.format("outbox-%020d.log", baseId);
  }

  /** The base id encoded in a segment file name, or -1 when the name is not a segment's. */
  static long parseBaseId(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return -1;
    }
    try {
      return Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Creates a new, empty segment file (which must not exist yet). */
  static OutboxSegment create(Path dir, long baseId) throws IOException {
    return createAt(dir.resolve(fileName(baseId)), baseId);
  }

  /** Creates a new, empty file in this format at {@code path} (which must not exist yet). */
  static OutboxSegment createAt(Path path, long baseId) throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    return new OutboxSegment(path, baseId, ch, 0);
  }

  /**
   * Opens an existing segment and validates every record in it. Each intact record is indexed
   * (unacknowledged). A region that does not form an intact record but is followed by intact
   * records is left in place, copied to a {@code .corrupt} file and reported as
   * {@link Outbox.DamageKind#CORRUPT_SKIPPED}; damaged bytes at the end of the file (a torn or
   * corrupt tail) are copied to a {@code .torn} file, truncated away and reported as
   * {@link Outbox.DamageKind#TORN_TAIL}.
   *
   * @param minId the smallest id an intact record in this segment may have (ids strictly increase
   *     across segments)
   */
  static OutboxSegment openAndScan(Path path, long baseId, long minId, List<Outbox.Damage> damage)
      throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      OutboxSegment seg = new OutboxSegment(path, baseId, ch, 0);
      seg.scan(Math.max(minId, baseId), damage);
      return seg;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private void scan(long minId, List<Outbox.Damage> damage) throws IOException {
    long fileSize = channel.size();
    Scanner sc = new Scanner(channel, fileSize);
    long pos = 0;
    while (pos < fileSize) {
      String problem = sc.check(pos, minId);
      if (problem == null) {
        addIndex(sc.id, pos, sc.length);
        minId = sc.id + 1;
        pos += HEADER_BYTES + (long) sc.length;
        continue;
      }
      long next = sc.findNextIntact(pos + 1, minId);
      if (next < 0) {
        Path saved = saveCopy(pos, fileSize - pos, ".torn", true);
        channel.truncate(pos);
        channel.force(true);
        damage.add(new Outbox.Damage(Outbox.DamageKind.TORN_TAIL, path, pos, fileSize - pos, saved,
            problem + "; truncated"));
        fileSize = pos;
        break;
      }
      Path saved = saveCopy(pos, next - pos, ".corrupt", false);
      damage.add(new Outbox.Damage(Outbox.DamageKind.CORRUPT_SKIPPED, path, pos, next - pos, saved,
          problem + "; skipped up to the next intact record at offset " + next));
      pos = next;
    }
    size = fileSize;
  }

  /**
   * Copies {@code len} bytes at {@code pos} to a forensic file next to the segment. With
   * {@code fresh}, an existing file of that name is never overwritten (a numeric suffix is added);
   * without, an existing copy is kept as it is (the same damage seen on an earlier start).
   */
  private Path saveCopy(long pos, long len, String suffix, boolean fresh) throws IOException {
    String base = path.getFileName() + "." + pos;
    Path target = path.resolveSibling(base + suffix);
    if (Files.exists(target)) {
      if (!fresh) {
        return target;
      }
      for (int n = 1; Files.exists(target); n++) {
        target = path.resolveSibling(base + "." + n + suffix);
      }
    }
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long done = 0;
      while (done < len) {
        long n = channel.transferTo(pos + done, len - done, out);
        if (n <= 0) {
          throw new EOFException("short read copying " + path + " at " + (pos + done));
        }
        done += n;
      }
      out.force(true);
    }
    return target;
  }

  /** Frames a record. */
  static ByteBuffer frame(long id, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    b.putInt(MAGIC).put(VERSION).putInt(payload.length).putLong(id);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 4, 13);
    crc.update(payload);
    b.putInt((int) crc.getValue()).put(payload).flip();
    return b;
  }

  /**
   * Appends a record at the end of the file (not forced). On failure the file is cut back to its
   * previous length when possible; the exception is rethrown either way.
   */
  void append(long id, byte[] payload) throws IOException {
    ByteBuffer frame = frame(id, payload);
    long pos = size;
    try {
      while (frame.hasRemaining()) {
        channel.write(frame, pos + frame.position());
      }
    } catch (IOException e) {
      try {
        channel.truncate(pos);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    size = pos + frame.limit();
    addIndex(id, pos, payload.length);
  }

  void force() throws IOException {
    channel.force(false);
  }

  private void addIndex(long id, long offset, int length) {
    if (count == ids.length) {
      int n = count * 2;
      ids = Arrays.copyOf(ids, n);
      offsets = Arrays.copyOf(offsets, n);
      lengths = Arrays.copyOf(lengths, n);
    }
    ids[count] = id;
    offsets[count] = offset;
    lengths[count] = length;
    count++;
    unackedBytes += HEADER_BYTES + (long) length;
  }

  /** The index of the record with this id, or -1. */
  int indexOf(long id) {
    return count == 0 || id < ids[0] || id > ids[count - 1] ? -1 : Math.max(-1, Arrays.binarySearch(ids, 0, count, id));
  }

  /** The index of the first record with an id greater than {@code id}. */
  int indexAfter(long id) {
    int i = Arrays.binarySearch(ids, 0, count, id);
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** The first unacknowledged index at or after {@code from}, or {@link #count()} when none. */
  int nextUnacked(int from) {
    return Math.min(count, acked.nextClearBit(from));
  }

  boolean isAcked(int index) {
    return acked.get(index);
  }

  /** Marks a record acknowledged; returns the frame bytes that no longer wait. */
  long markAcked(int index) {
    acked.set(index);
    ackedCount++;
    long bytes = HEADER_BYTES + (long) lengths[index];
    unackedBytes -= bytes;
    return bytes;
  }

  long id(int index) {
    return ids[index];
  }

  int count() {
    return count;
  }

  int ackedCount() {
    return ackedCount;
  }

  int unackedCount() {
    return count - ackedCount;
  }

  long unackedBytes() {
    return unackedBytes;
  }

  boolean fullyAcked() {
    return ackedCount == count;
  }

  long size() {
    return size;
  }

  long lastId() {
    return count == 0 ? baseId - 1 : ids[count - 1];
  }

  /** Reads a record's payload back, verifying its frame again. */
  byte[] read(int index) throws IOException {
    long offset = offsets[index];
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + lengths[index]);
    readFully(channel, b, offset);
    b.flip();
    long id = ids[index];
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 4, 13);
    crc.update(b.array(), HEADER_BYTES, lengths[index]);
    if (b.getInt(0) != MAGIC || b.get(4) != VERSION || b.getInt(5) != lengths[index] || b.getLong(9) != id
        || b.getInt(17) != (int) crc.getValue()) {
      throw new IOException("outbox record " + id + " in " + path + " at offset " + offset
          + " no longer passes its checks (disk corruption?); it cannot be sent. Acknowledge it to drop it"
          + " once it has been reported");
    }
    return Arrays.copyOfRange(b.array(), HEADER_BYTES, b.limit());
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    long p = pos;
    while (b.hasRemaining()) {
      int n = ch.read(b, p);
      if (n < 0) {
        throw new EOFException("unexpected end of file at " + p);
      }
      p += n;
    }
  }

  /** Frame checks used by the start-up scan. */
  private static final class Scanner {
    private final FileChannel ch;
    private final long fileSize;
    private final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    long id;
    int length;

    Scanner(FileChannel ch, long fileSize) {
      this.ch = ch;
      this.fileSize = fileSize;
    }

    /** Null when an intact record with an id of at least {@code minId} starts at pos; else what is wrong. */
    String check(long pos, long minId) throws IOException {
      long present = fileSize - pos;
      if (present < HEADER_BYTES) {
        return "incomplete record header: " + present + " of " + HEADER_BYTES + " bytes present";
      }
      header.clear();
      readFully(ch, header, pos);
      int magic = header.getInt(0);
      if (magic != MAGIC) {
        return String.format("bad magic 0x%08x", magic);
      }
      byte version = header.get(4);
      if (version != VERSION) {
        return "unknown record version " + version;
      }
      int len = header.getInt(5);
      if (len < 0 || len > MAX_PAYLOAD_BYTES) {
        return "implausible payload length " + len;
      }
      if (HEADER_BYTES + (long) len > present) {
        return "record of " + (HEADER_BYTES + (long) len) + " bytes is cut short: " + present + " bytes present";
      }
      CRC32C crc = new CRC32C();
      crc.update(header.array(), 4, 13);
      long p = pos + HEADER_BYTES;
      long remaining = len;
      while (remaining > 0) {
        chunk.clear();
        chunk.limit((int) Math.min(CHUNK, remaining));
        readFully(ch, chunk, p);
        crc.update(chunk.array(), 0, chunk.limit());
        p += chunk.limit();
        remaining -= chunk.limit();
      }
      int stored = header.getInt(17);
      if (stored != (int) crc.getValue()) {
        return String.format("CRC32C mismatch (stored 0x%08x, computed 0x%08x)", stored, (int) crc.getValue());
      }
      long recordId = header.getLong(9);
      if (recordId < minId) {
        return "record id " + recordId + " out of order (expected at least " + minId + ")";
      }
      id = recordId;
      length = len;
      return null;
    }

    /** The offset of the first intact record at or after {@code from}, or -1. */
    long findNextIntact(long from, long minId) throws IOException {
      byte[] m = {(byte) (MAGIC >>> 24), (byte) (MAGIC >>> 16), (byte) (MAGIC >>> 8), (byte) MAGIC};
      long base = from;
      while (base + HEADER_BYTES <= fileSize) {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, fileSize - base));
        readFully(ch, buf, base);
        byte[] a = buf.array();
        int limit = a.length - m.length;
        for (int i = 0; i <= limit; i++) {
          if (a[i] == m[0] && a[i + 1] == m[1] && a[i + 2] == m[2] && a[i + 3] == m[3]) {
            long candidate = base + i;
            if (check(candidate, minId) == null) {
              return candidate;
            }
          }
        }
        if (a.length < CHUNK) {
          break;
        }
        base += a.length - (m.length - 1); // overlap so a magic across the chunk boundary is seen
      }
      return -1;
    }
  }
}
