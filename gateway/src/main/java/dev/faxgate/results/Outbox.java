package dev.faxgate.results;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The durable local outbox for completion events: every event is appended here (and, by default,
 * fsynced) before it is sent to Kafka, and stays until Kafka has acknowledged it. While the broker
 * is unreachable events wait here up to a bound; when the bound is hit {@link #append} throws
 * {@link OutboxFullException} and {@link #isFull()} turns true, so the gateway can refuse new
 * sessions instead of dropping results. On start-up {@link #open} validates everything on disk and
 * {@link #pending} returns whatever was not acknowledged, in append order.
 *
 * <p>Delivery is at least once: an event Kafka acknowledged but whose acknowledgement did not reach
 * disk before a crash is sent again; consumers deduplicate by the event's {@code eventId}. Record
 * ids are this outbox's own handles, not event ids.
 *
 * <h2>On disk</h2>
 *
 * A directory holding:
 *
 * <ul>
 *   <li>{@code outbox-<20-digit id>.log}: append-only segment files, named after the first record
 *       id they were created for. Each record is framed as described in {@link OutboxSegment}:
 *       magic "FXOB", version 1, payload length, record id, CRC32C of (version, length, id,
 *       payload), payload (the UTF-8 JSON of the event). A new segment is started when the current
 *       one would grow beyond {@link Options#segmentBytes}. A segment other than the newest is
 *       deleted once all its records are acknowledged; the newest is kept so ids never go back.
 *   <li>{@code acks.log}: an 8-byte header ("FXAK", version 1) then 12-byte entries, each an
 *       acknowledged record id and the CRC32C of its 8 bytes, in acknowledgement order (so out of
 *       order acknowledgements are fine). It is compacted (rewritten to a temporary file, fsynced,
 *       atomically renamed) when most of its entries refer to deleted segments.
 *   <li>{@code outbox.lock}: held with an OS file lock while the outbox is open, so two processes
 *       never share a directory.
 *   <li>{@code *.torn} / {@code *.corrupt}: forensic copies of damaged bytes found by {@link #open}
 *       (never read again; remove them by hand once looked at).
 * </ul>
 *
 * <h2>Recovery</h2>
 *
 * {@link #open} reads every segment and checks every record (magic, version, length, CRC32C, id
 * order). Damaged bytes at the end of a segment, typically the torn last record of a write cut
 * short by a crash, are copied to a {@code .torn} file and truncated away; damaged bytes followed
 * by intact records are copied to a {@code .corrupt} file and skipped. A torn tail of the ack file
 * is truncated; a corrupt ack entry is ignored (so that record is sent again). All of it is
 * reported in {@link #recovery()}, which the caller should log (loudly when not
 * {@linkplain Recovery#isClean() clean}); every intact record is kept. The id of a torn record
 * may be given to the next append: with fsync on, a torn record's append never returned, so its id
 * was never handed out (and any id that was acknowledged is never reused).
 *
 * <h2>Threads and failures</h2>
 *
 * Every public method is {@code synchronized}; the methods do blocking file I/O (an fsync per
 * append and per acknowledgement by default), so call them from a worker thread, never from an
 * event loop. An {@link IOException} from writing or fsyncing a record or an acknowledgement leaves
 * the instance <em>failed</em> ({@link #isFailed()}): every later append or acknowledgement throws
 * too. Close it and {@link #open} the directory again, which re-validates what is on disk.
 */
public final class Outbox implements Closeable {

  /** Compaction of {@code acks.log} is considered once it holds at least this many entries. */
  static final int ACK_COMPACTION_MIN_ENTRIES = 1024;

  static final String ACK_FILE = "acks.log";
  static final String LOCK_FILE = "outbox.lock";
  private static final int ACK_MAGIC = 0x4658414B; // "FXAK"
  private static final int ACK_VERSION = 1;
  static final int ACK_HEADER_BYTES = 8;
  static final int ACK_ENTRY_BYTES = 12;

  /**
   * How the outbox behaves.
   *
   * @param fsync fsync each append and each acknowledgement before returning (default true).
   *     Without it a process crash loses nothing, but a power failure or kernel crash can lose the
   *     most recent events
   * @param maxBytes the bound on unacknowledged data, in framed bytes (payload plus 21 bytes of
   *     header per record); default 256 MiB
   * @param maxEvents the bound on the number of unacknowledged events; default 1,000,000
   * @param segmentBytes the size at which a new segment file is started; default 16 MiB, at most 1 GiB
   * @param maxRecordBytes the largest payload accepted; larger ones are a caller error
   *     ({@link IllegalArgumentException}); default 1 MiB, at most 1 GiB
   */
  public record Options(boolean fsync, long maxBytes, long maxEvents, long segmentBytes, int maxRecordBytes) {
    public Options {
      if (maxBytes <= 0 || maxEvents <= 0) {
        throw new IllegalArgumentException("maxBytes and maxEvents must be positive");
      }
      if (segmentBytes <= 0 || segmentBytes > (1L << 30)) {
        throw new IllegalArgumentException("segmentBytes must be between 1 and 1 GiB: " + segmentBytes);
      }
      if (maxRecordBytes < 0 || maxRecordBytes > OutboxSegment.MAX_PAYLOAD_BYTES) {
        throw new IllegalArgumentException("maxRecordBytes must be between 0 and 1 GiB: " + maxRecordBytes);
      }
    }

    /** fsync on, 256 MiB, 1,000,000 events, 16 MiB segments, payloads up to 1 MiB. */
    public static Options defaults() {
      return new Options(true, 256L << 20, 1_000_000, 16L << 20, 1 << 20);
    }

    public Options withFsync(boolean v) {
      return new Options(v, maxBytes, maxEvents, segmentBytes, maxRecordBytes);
    }

    public Options withMaxBytes(long v) {
      return new Options(fsync, v, maxEvents, segmentBytes, maxRecordBytes);
    }

    public Options withMaxEvents(long v) {
      return new Options(fsync, maxBytes, v, segmentBytes, maxRecordBytes);
    }

    public Options withSegmentBytes(long v) {
      return new Options(fsync, maxBytes, maxEvents, v, maxRecordBytes);
    }

    public Options withMaxRecordBytes(int v) {
      return new Options(fsync, maxBytes, maxEvents, segmentBytes, v);
    }
  }

  /** An unacknowledged record: its id (to {@link #acknowledge}) and the payload appended. */
  public record Pending(long id, byte[] payload) {
  }

  /** What {@link #open} found wrong. */
  public enum DamageKind {
    /**
     * Bytes at the end of a segment that are not an intact record: the torn last record of a write
     * cut short, or a damaged last record. Saved to {@link Damage#savedTo()}, then truncated away.
     */
    TORN_TAIL,
    /**
     * Bytes inside a segment that are not an intact record but are followed by intact ones (disk
     * corruption). The records in them are lost; the bytes are saved to {@link Damage#savedTo()}
     * and left in place, so this is reported on every start until the segment is deleted.
     */
    CORRUPT_SKIPPED,
    /** A partial entry at the end of the ack file, truncated away; at worst one record is resent. */
    ACK_TORN_TAIL,
    /** Ack file entries (or its header) failing their checks and ignored; those records are resent. */
    ACK_CORRUPT
  }

  /**
   * One damaged region found by {@link #open}.
   *
   * @param file the damaged file
   * @param offset where the damage starts in it
   * @param length how many bytes are damaged
   * @param savedTo the forensic copy of those bytes, or null
   * @param detail what is wrong, in words
   */
  public record Damage(DamageKind kind, Path file, long offset, long length, Path savedTo, String detail) {
    @Override
    public String toString() {
      return kind + " in " + file + " at offset " + offset + " (" + length + " bytes): " + detail
          + (savedTo == null ? "" : "; saved to " + savedTo);
    }
  }

  /**
   * The result of opening an outbox: to be logged by the caller.
   *
   * @param segments segment files in use after opening
   * @param intactRecords intact records found (acknowledged or not)
   * @param pendingRecords of those, the ones not acknowledged: they will be sent again
   * @param damage everything found wrong, in the order found
   */
  public record Recovery(int segments, long intactRecords, long pendingRecords, List<Damage> damage) {
    public Recovery {
      damage = List.copyOf(damage);
    }

    /** True when nothing was damaged. */
    public boolean isClean() {
      return damage.isEmpty();
    }

    /** Bytes truncated away as torn tails of segments. */
    public long tornBytes() {
      return damage.stream().filter(d -> d.kind() == DamageKind.TORN_TAIL).mapToLong(Damage::length).sum();
    }

    /** Bytes skipped as corrupt inside segments. */
    public long corruptBytes() {
      return damage.stream().filter(d -> d.kind() == DamageKind.CORRUPT_SKIPPED).mapToLong(Damage::length).sum();
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("outbox recovery: ").append(intactRecords).append(" intact records in ")
          .append(segments).append(" segments, ").append(pendingRecords).append(" unacknowledged");
      if (isClean()) {
        return s.append(", no damage").toString();
      }
      s.append("; ").append(damage.size()).append(" damaged regions:");
      damage.forEach(d -> s.append("\n  ").append(d));
      return s.toString();
    }
  }

  private final Path dir;
  private final Options options;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final List<OutboxSegment> segments = new ArrayList<>();
  private final Recovery recovery;
  private OutboxSegment active;
  private FileChannel ackChannel;
  private long ackFileSize;
  private long ackEntries;

  private long nextId;
  private long backlogEvents;
  private long backlogBytes;
  private long ackedLive;
  private boolean refusedSinceAck;
  private IOException failure;
  private boolean closed;

  private Outbox(Path dir, Options options, FileChannel lockChannel, FileLock lock, List<Damage> damage)
      throws IOException {
    this.dir = dir;
    this.options = options;
    this.lockChannel = lockChannel;
    this.lock = lock;
    try {
      this.recovery = load(damage);
    } catch (IOException | RuntimeException e) {
      for (OutboxSegment seg : segments) {
        closeInto(seg, e);
      }
      if (ackChannel != null) {
        closeInto(ackChannel, e);
      }
      throw e;
    }
  }

  private Recovery load(List<Damage> damage) throws IOException {
    long maxId = 0;
    long maxBase = 1;
    for (long base : segmentBaseIds()) {
      OutboxSegment seg = OutboxSegment.openAndScan(dir.resolve(OutboxSegment.fileName(base)), base, maxId + 1,
          damage);
      segments.add(seg);
      maxId = Math.max(maxId, seg.lastId());
      maxBase = Math.max(maxBase, base);
    }
    long intact = 0;
    for (OutboxSegment seg : segments) {
      intact += seg.count();
      backlogEvents += seg.count();
      backlogBytes += seg.unackedBytes();
    }
    long maxAcked = loadAcks(damage);
    nextId = Math.max(Math.max(maxId, maxAcked) + 1, maxBase);

    boolean fresh = segments.isEmpty();
    if (fresh) {
      segments.add(OutboxSegment.create(dir, nextId));
    }
    active = segments.get(segments.size() - 1);
    if (fresh) {
      syncDir();
    }
    sweep();
    boolean ackDamage = damage.stream()
        .anyMatch(d -> d.kind() == DamageKind.ACK_CORRUPT || d.kind() == DamageKind.ACK_TORN_TAIL);
    if (ackDamage || ackEntries > ackedLive + ACK_COMPACTION_MIN_ENTRIES) {
      compactAcks();
    }
    return new Recovery(segments.size(), intact, backlogEvents, damage);
  }

  /**
   * Opens (creating it if need be) the outbox in {@code dir}, validating and repairing what is on
   * disk; see {@link #recovery()} for what was found.
   *
   * @throws IOException when the directory cannot be used, or another process has it open
   */
  public static Outbox open(Path dir, Options opts) throws IOException {
    Objects.requireNonNull(opts, "opts");
    Files.createDirectories(dir);
    FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IOException("outbox " + dir + " is already open (in this or another process)");
    }
    try {
      Files.deleteIfExists(dir.resolve(ACK_FILE + ".tmp"));
      return new Outbox(dir, opts, lockChannel, lock, new ArrayList<>());
    } catch (IOException | RuntimeException e) {
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
      throw e;
    }
  }

  /** Opens the outbox in {@code dir} with {@link Options#defaults()}. */
  public static Outbox open(Path dir) throws IOException {
    return open(dir, Options.defaults());
  }

  /** What {@link #open} found: counts and every damaged region. Log it. */
  public synchronized Recovery recovery() {
    return recovery;
  }

  public Options options() {
    return options;
  }

  public Path directory() {
    return dir;
  }

  /**
   * Appends a payload (the UTF-8 JSON of one event) and returns its record id. Ids increase
   * monotonically, across restarts too. When this returns the record is written, and fsynced when
   * {@link Options#fsync} is on.
   *
   * @throws OutboxFullException when one more record would exceed {@link Options#maxEvents} or
   *     {@link Options#maxBytes} of unacknowledged data; nothing is written, nothing stored is lost
   * @throws IllegalArgumentException when the payload is larger than {@link Options#maxRecordBytes}
   *     or could never fit within {@link Options#maxBytes}
   * @throws IOException when writing or fsyncing fails; the outbox is then {@linkplain #isFailed failed}
   * @throws IllegalStateException when closed
   */
  public synchronized long append(byte[] payload) throws IOException, OutboxFullException {
    Objects.requireNonNull(payload, "payload");
    ensureUsable();
    long frameBytes = OutboxSegment.HEADER_BYTES + (long) payload.length;
    if (payload.length > options.maxRecordBytes() || frameBytes > options.maxBytes()) {
      throw new IllegalArgumentException("an outbox record of " + payload.length + " bytes exceeds the limit ("
          + Math.min(options.maxRecordBytes(), options.maxBytes() - OutboxSegment.HEADER_BYTES) + " bytes)");
    }
    if (backlogEvents + 1 > options.maxEvents() || backlogBytes + frameBytes > options.maxBytes()) {
      refusedSinceAck = true;
      throw new OutboxFullException(dir, backlogEvents, backlogBytes, options.maxEvents(), options.maxBytes(),
          payload.length);
    }
    try {
      if (active.count() > 0 && active.size() + frameBytes > options.segmentBytes()) {
        roll();
      }
      long id = nextId++; // consumed even on failure: a record that may have reached disk keeps its id
      active.append(id, payload);
      if (options.fsync()) {
        active.force();
      }
      backlogEvents++;
      backlogBytes += frameBytes;
      return id;
    } catch (IOException e) {
      throw fail(e);
    }
  }

  /**
   * Up to {@code max} unacknowledged records, oldest first: what to send at start-up and after a
   * reconnect. Records already in flight are included; sending them again is harmless.
   *
   * @throws IOException when a record cannot be read back or no longer passes its CRC check (it can
   *     then only be dropped by acknowledging it)
   */
  public synchronized List<Pending> pending(int max) throws IOException {
    return pendingAfter(Long.MIN_VALUE, max);
  }

  /**
   * Up to {@code max} unacknowledged records with ids greater than {@code afterId}, oldest first:
   * for paging through a large backlog ({@code afterId} is the last id of the previous page).
   */
  public synchronized List<Pending> pendingAfter(long afterId, int max) throws IOException {
    if (max < 0) {
      throw new IllegalArgumentException("max < 0: " + max);
    }
    ensureOpen();
    List<Pending> out = new ArrayList<>(Math.min(max, 1024));
    for (OutboxSegment seg : segments) {
      if (out.size() >= max) {
        break;
      }
      if (seg.unackedCount() == 0 || seg.lastId() <= afterId) {
        continue;
      }
      for (int i = seg.nextUnacked(seg.indexAfter(afterId)); i < seg.count() && out.size() < max;
          i = seg.nextUnacked(i + 1)) {
        out.add(new Pending(seg.id(i), seg.read(i)));
      }
    }
    return out;
  }

  /**
   * Hands every intact record still on disk, acknowledged or not, oldest first, to {@code visitor}:
   * for start-up checks such as "was this session's event already written?". A record that no
   * longer reads back intact is skipped. Slow (it reads every segment); not for the running path.
   */
  public synchronized void forEachRecord(java.util.function.Consumer<byte[]> visitor) {
    ensureOpen();
    for (OutboxSegment seg : segments) {
      for (int i = 0; i < seg.count(); i++) {
        try {
          visitor.accept(seg.read(i));
        } catch (IOException e) {
          // damaged since open: it is reported when it is sent; nothing to visit
        }
      }
    }
  }

  /**
   * Marks one record acknowledged by Kafka, durably (fsynced when {@link Options#fsync} is on).
   * Acknowledgements may come in any order; a segment other than the newest is deleted once all
   * its records are acknowledged.
   *
   * @return true when the record was waiting; false when it was already acknowledged or is unknown
   * @throws IOException when the acknowledgement cannot be written; the outbox is then
   *     {@linkplain #isFailed failed}
   */
  public synchronized boolean acknowledge(long id) throws IOException {
    return acknowledgeAll(new long[] {id}) == 1;
  }

  /**
   * Marks several records acknowledged with a single write and fsync.
   *
   * @return how many of them were waiting
   */
  public synchronized int acknowledgeAll(long[] ids) throws IOException {
    ensureUsable();
    long[] sorted = ids.clone();
    Arrays.sort(sorted);
    ByteBuffer buf = ByteBuffer.allocate(sorted.length * ACK_ENTRY_BYTES);
    int[] segIdx = new int[sorted.length];
    int[] recIdx = new int[sorted.length];
    int n = 0;
    for (int k = 0; k < sorted.length; k++) {
      if (k > 0 && sorted[k] == sorted[k - 1]) {
        continue;
      }
      int s = segmentOf(sorted[k]);
      if (s < 0) {
        continue;
      }
      int i = segments.get(s).indexOf(sorted[k]);
      if (i < 0 || segments.get(s).isAcked(i)) {
        continue;
      }
      putAckEntry(buf, sorted[k]);
      segIdx[n] = s;
      recIdx[n] = i;
      n++;
    }
    if (n == 0) {
      return 0;
    }
    buf.flip();
    try {
      writeFully(ackChannel, buf, ackFileSize);
      if (options.fsync()) {
        ackChannel.force(false);
      }
    } catch (IOException e) {
      throw fail(e);
    }
    ackFileSize += buf.limit();
    ackEntries += n;
    boolean segmentDone = false;
    for (int k = 0; k < n; k++) {
      OutboxSegment seg = segments.get(segIdx[k]);
      backlogBytes -= seg.markAcked(recIdx[k]);
      backlogEvents--;
      ackedLive++;
      segmentDone |= seg.fullyAcked() && seg != active;
    }
    refusedSinceAck = false;
    if (segmentDone) {
      try {
        sweep();
        if (ackEntries >= ACK_COMPACTION_MIN_ENTRIES && ackEntries > 2 * ackedLive) {
          compactAcks();
        }
      } catch (IOException e) {
        throw fail(e);
      }
    }
    return n;
  }

  /** Unacknowledged records. */
  public synchronized long backlogEvents() {
    return backlogEvents;
  }

  /** Unacknowledged data in framed bytes (what {@link Options#maxBytes} bounds). */
  public synchronized long backlogBytes() {
    return backlogBytes;
  }

  /**
   * Bytes of segment files on disk. Can exceed {@link #backlogBytes()}: a segment is kept whole
   * while any of its records waits, and the newest segment is always kept.
   */
  public synchronized long diskBytes() {
    long sum = 0;
    for (OutboxSegment seg : segments) {
      sum += seg.size();
    }
    return sum;
  }

  /** The number of segment files in use. */
  public synchronized int segmentCount() {
    return segments.size();
  }

  /**
   * True when a bound is reached, or the latest append was refused as full and no acknowledgement
   * has come since: the gateway should refuse new sessions and say so. (A health check should look
   * at {@link #isFailed()} too.)
   */
  public synchronized boolean isFull() {
    return refusedSinceAck || backlogEvents >= options.maxEvents()
        || backlogBytes + OutboxSegment.HEADER_BYTES > options.maxBytes();
  }

  /** Whether a payload of this size would be accepted by {@link #append} now. */
  public synchronized boolean canAppend(int payloadBytes) {
    long frameBytes = OutboxSegment.HEADER_BYTES + (long) payloadBytes;
    return !closed && failure == null && payloadBytes >= 0 && payloadBytes <= options.maxRecordBytes()
        && backlogEvents + 1 <= options.maxEvents() && backlogBytes + frameBytes <= options.maxBytes();
  }

  /** True after an I/O error from a write or fsync; the outbox must be closed and opened again. */
  public synchronized boolean isFailed() {
    return failure != null;
  }

  /**
   * Flushes and closes the files and releases the directory lock. Idempotent. Pending records stay
   * on disk for the next {@link #open}.
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException error = null;
    if (failure == null) {
      try {
        active.force();
        ackChannel.force(false);
      } catch (IOException e) {
        error = e;
      }
    }
    for (OutboxSegment seg : segments) {
      error = closeQuietly(seg, error);
    }
    error = closeQuietly(ackChannel, error);
    try {
      lock.release();
    } catch (IOException e) {
      error = add(error, e);
    }
    error = closeQuietly(lockChannel, error);
    if (error != null) {
      throw error;
    }
  }

  @Override
  public synchronized String toString() {
    return "Outbox[" + dir + ", " + backlogEvents + " events / " + backlogBytes + " bytes waiting, next id " + nextId
        + (failure != null ? ", FAILED" : closed ? ", closed" : "") + "]";
  }

  // ---------------------------------------------------------------- internals

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("outbox " + dir + " is closed");
    }
  }

  private void ensureUsable() throws IOException {
    ensureOpen();
    if (failure != null) {
      throw new IOException("outbox " + dir + " failed after an I/O error; close it and open it again", failure);
    }
  }

  private IOException fail(IOException e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }

  private List<Long> segmentBaseIds() throws IOException {
    List<Long> bases = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        long base = OutboxSegment.parseBaseId(p.getFileName().toString());
        if (base >= 0 && Files.isRegularFile(p)) {
          bases.add(base);
        }
      }
    }
    bases.sort(null);
    return bases;
  }

  /** The index in {@link #segments} of the segment that would hold this id, or -1. */
  private int segmentOf(long id) {
    int lo = 0;
    int hi = segments.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (segments.get(mid).baseId <= id) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private void roll() throws IOException {
    OutboxSegment next = OutboxSegment.create(dir, nextId);
    segments.add(next);
    OutboxSegment previous = active;
    active = next;
    if (options.fsync()) {
      syncDir();
    } else {
      previous.force(); // cheap insurance: the segment is complete now
    }
    if (previous.fullyAcked()) {
      sweep();
    }
  }

  /** Deletes every segment other than the newest whose records are all acknowledged. */
  private void sweep() throws IOException {
    boolean deleted = false;
    for (Iterator<OutboxSegment> it = segments.iterator(); it.hasNext();) {
      OutboxSegment seg = it.next();
      if (seg == active || !seg.fullyAcked()) {
        continue;
      }
      try {
        Files.deleteIfExists(seg.path);
      } catch (IOException e) {
        continue; // harmless: it stays (counted in diskBytes) and is tried again on the next sweep
      }
      it.remove();
      ackedLive -= seg.ackedCount();
      deleted = true;
      try {
        seg.close();
      } catch (IOException ignored) {
        // a read-mostly channel of a deleted file; nothing to lose
      }
    }
    if (deleted && options.fsync()) {
      syncDir();
    }
  }

  // ---------------------------------------------------------------- ack file

  /** Opens and reads acks.log, applying its entries; returns the largest acknowledged id seen. */
  private long loadAcks(List<Damage> damage) throws IOException {
    Path path = dir.resolve(ACK_FILE);
    ackChannel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    long size = ackChannel.size();
    if (size < ACK_HEADER_BYTES) {
      if (size > 0) {
        damage.add(new Damage(DamageKind.ACK_TORN_TAIL, path, 0, size, null, "incomplete ack file header; rewritten"));
      }
      writeAckHeader(ackChannel);
      ackFileSize = ACK_HEADER_BYTES;
      return 0;
    }
    ByteBuffer header = ByteBuffer.allocate(ACK_HEADER_BYTES);
    OutboxSegment.readFully(ackChannel, header, 0);
    if (header.getInt(0) != ACK_MAGIC || header.getInt(4) != ACK_VERSION) {
      ackChannel.close();
      Path aside = path.resolveSibling(ACK_FILE + "." + System.currentTimeMillis() + ".corrupt");
      Files.move(path, aside);
      damage.add(new Damage(DamageKind.ACK_CORRUPT, path, 0, size, aside,
          "bad ack file header; moved aside, every intact record will be sent again"));
      ackChannel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      writeAckHeader(ackChannel);
      ackFileSize = ACK_HEADER_BYTES;
      syncDir();
      return 0;
    }
    long entries = (size - ACK_HEADER_BYTES) / ACK_ENTRY_BYTES;
    long end = ACK_HEADER_BYTES + entries * ACK_ENTRY_BYTES;
    if (end < size) {
      damage.add(new Damage(DamageKind.ACK_TORN_TAIL, path, end, size - end, null,
          "partial ack entry; truncated (at worst one record is sent again)"));
      ackChannel.truncate(end);
      ackChannel.force(true);
    }
    long maxAcked = 0;
    long badStart = -1;
    long badCount = 0;
    ByteBuffer chunk = ByteBuffer.allocate(ACK_ENTRY_BYTES * 4096);
    CRC32C crc = new CRC32C();
    for (long pos = ACK_HEADER_BYTES; pos < end;) {
      chunk.clear();
      chunk.limit((int) Math.min(chunk.capacity(), end - pos));
      OutboxSegment.readFully(ackChannel, chunk, pos);
      for (int off = 0; off < chunk.limit(); off += ACK_ENTRY_BYTES, pos += ACK_ENTRY_BYTES) {
        crc.reset();
        crc.update(chunk.array(), off, 8);
        if (chunk.getInt(off + 8) != (int) crc.getValue()) {
          if (badCount == 0) {
            badStart = pos;
          }
          badCount++;
          continue;
        }
        if (badCount > 0) {
          damage.add(ackCorrupt(path, badStart, badCount));
          badCount = 0;
        }
        long id = chunk.getLong(off);
        maxAcked = Math.max(maxAcked, id);
        applyLoadedAck(id);
      }
    }
    if (badCount > 0) {
      damage.add(ackCorrupt(path, badStart, badCount));
    }
    ackFileSize = end;
    ackEntries = entries;
    return maxAcked;
  }

  private static Damage ackCorrupt(Path path, long start, long count) {
    return new Damage(DamageKind.ACK_CORRUPT, path, start, count * ACK_ENTRY_BYTES, null,
        count + " ack entries fail their CRC32C check; ignored (those records are sent again)");
  }

  private void applyLoadedAck(long id) {
    int s = segmentOf(id);
    if (s < 0) {
      return;
    }
    OutboxSegment seg = segments.get(s);
    int i = seg.indexOf(id);
    if (i >= 0 && !seg.isAcked(i)) {
      backlogBytes -= seg.markAcked(i);
      backlogEvents--;
      ackedLive++;
    }
  }

  /** Rewrites acks.log with only the acknowledgements of records still on disk. */
  private void compactAcks() throws IOException {
    Path path = dir.resolve(ACK_FILE);
    Path tmp = dir.resolve(ACK_FILE + ".tmp");
    long written = 0;
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      writeAckHeader(out);
      long pos = ACK_HEADER_BYTES;
      ByteBuffer buf = ByteBuffer.allocate(ACK_ENTRY_BYTES * 4096);
      for (OutboxSegment seg : segments) {
        for (int i = 0; i < seg.count(); i++) {
          if (!seg.isAcked(i)) {
            continue;
          }
          if (!buf.hasRemaining()) {
            buf.flip();
            pos += writeFully(out, buf, pos);
            buf.clear();
          }
          putAckEntry(buf, seg.id(i));
          written++;
        }
      }
      buf.flip();
      pos += writeFully(out, buf, pos);
      out.force(true);
    }
    ackChannel.close();
    try {
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
    }
    syncDir();
    ackChannel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    ackFileSize = ackChannel.size();
    ackEntries = written;
  }

  private static void writeAckHeader(FileChannel ch) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(ACK_HEADER_BYTES).putInt(ACK_MAGIC).putInt(ACK_VERSION).flip();
    writeFully(ch, h, 0);
    ch.force(true);
  }

  private static void putAckEntry(ByteBuffer buf, long id) {
    CRC32C crc = new CRC32C();
    int at = buf.position();
    buf.putLong(id);
    crc.update(buf.array(), at, 8);
    buf.putInt((int) crc.getValue());
  }

  private static int writeFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    int total = buf.remaining();
    while (buf.hasRemaining()) {
      ch.write(buf, pos + total - buf.remaining());
    }
    return total;
  }

  /** Makes creations, renames and deletions in the directory durable. */
  private void syncDir() throws IOException {
    if (System.getProperty("os.name", "").startsWith("Windows")) {
      return; // directories cannot be opened (nor need fsync) there
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private static IOException closeQuietly(Closeable c, IOException error) {
    try {
      c.close();
      return error;
    } catch (IOException e) {
      return add(error, e);
    }
  }

  private static void closeInto(Closeable c, Exception error) {
    try {
      c.close();
    } catch (IOException e) {
      error.addSuppressed(e);
    }
  }

  private static IOException add(IOException error, IOException e) {
    if (error == null) {
      return e;
    }
    error.addSuppressed(e);
    return error;
  }
}
