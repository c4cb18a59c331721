package dev.faxgate.results;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outbox's record of the sessions that are running, so that a node killed mid-call (SIGKILL,
 * OOM, power) can still give each of them its one completion event when it starts again. It lives
 * beside the outbox, in {@code sessions.journal} of the outbox directory (covered by the outbox's lock),
 * and holds three kinds of record, each the UTF-8 JSON of an object with a field {@code t}:
 *
 * <ul>
 *   <li>{@code start}: a session began (its id, node, mode, start time, legs, FAXOPT items); written
 *       and fsynced before the controller hears the session exists;
 *   <li>{@code progress}: what is known of its fax so far (pages, rate, remote station id, mode);
 *       written when one of them changes, which T.30 itself bounds to a few per fax; not fsynced (a
 *       process crash loses none of it, a power failure at worst the latest);
 *   <li>{@code end}: its completion event is in the outbox; written after that event.
 * </ul>
 *
 * Records use the outbox's frame ({@link OutboxSegment}: magic, length, id, CRC32C), so a record torn
 * by a crash is found and cut away the same way. The file is rewritten (to a temporary file, fsynced,
 * renamed) with only the running sessions' merged state when it has grown well beyond that, and on
 * every {@link #open}. Not an event-loop class: every method does blocking file I/O.
 */
public final class OutboxSessionLog implements Closeable {
  static final String FILE = "sessions.journal";
  /** Below this size the file is never compacted while running. */
  static final long COMPACT_MIN_BYTES = 1 << 20;

  /** A session the log says was running: its start record with its latest progress merged in. */
  public record Unfinished(String sessionId, JsonObject state) {
    public String mode() {
      return state.getString("mode");
    }
  }

  private final Path path;
  private final boolean fsync;
  private final List<Outbox.Damage> damage = new ArrayList<>();
  /** Running sessions by id, each its merged state (start plus progress). */
  private final Map<String, JsonObject> running = new LinkedHashMap<>();
  private final List<Unfinished> unfinishedAtOpen;
  private OutboxSegment file;
  private long nextId = 1;
  private boolean closed;

  private OutboxSessionLog(Path path, boolean fsync) throws IOException {
    this.path = path;
    this.fsync = fsync;
    if (Files.exists(path)) {
      try (OutboxSegment old = OutboxSegment.openAndScan(path, 1, 1, damage)) {
        for (int i = 0; i < old.count(); i++) {
          nextId = old.id(i) + 1;
          apply(old.read(i));
        }
      }
    }
    List<Unfinished> left = new ArrayList<>();
    running.forEach((id, state) -> left.add(new Unfinished(id, state.copy())));
    this.unfinishedAtOpen = List.copyOf(left);
    rewrite();
  }

  /**
   * Opens (creating it if need be) the session log in the outbox directory {@code dir}. What it
   * finds still running is {@link #unfinished()}: sessions of a node that did not end them.
   *
   * @param fsync fsync each start and end record (the outbox's own setting)
   */
  public static OutboxSessionLog open(Path dir, boolean fsync) throws IOException {
    Files.createDirectories(dir);
    return new OutboxSessionLog(dir.resolve(FILE), fsync);
  }

  /** The sessions running when the log was last written: started, never ended. Oldest first. */
  public List<Unfinished> unfinished() {
    return unfinishedAtOpen;
  }

  /** Damage found by {@link #open} (a torn last record), to be logged. */
  public List<Outbox.Damage> damage() {
    return List.copyOf(damage);
  }

  /** A session started: durably noted (with fsync on) when this returns. */
  public synchronized void started(String sessionId, JsonObject state) throws IOException {
    JsonObject record = state.copy().put("t", "start").put("sessionId", sessionId);
    append(record, fsync);
    running.put(sessionId, record);
  }

  /** What is known of a running session's fax changed; ignored for a session not running. */
  public synchronized void progressed(String sessionId, JsonObject known) throws IOException {
    JsonObject state = running.get(sessionId);
    if (state == null) {
      return;
    }
    JsonObject record = known.copy().put("t", "progress").put("sessionId", sessionId);
    append(record, false);
    state.mergeIn(known);
  }

  /** A session's completion event is in the outbox: it is no longer running. */
  public synchronized void ended(String sessionId) throws IOException {
    if (running.remove(sessionId) == null) {
      return;
    }
    append(new JsonObject().put("t", "end").put("sessionId", sessionId), fsync);
    if (file.size() > COMPACT_MIN_BYTES && file.size() > 4 * liveBytes()) {
      rewrite();
    }
  }

  /** Sessions running now. */
  public synchronized int running() {
    return running.size();
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      file.force();
      file.close();
    }
  }

  private void append(JsonObject record, boolean force) throws IOException {
    if (closed) {
      throw new IOException("the session log " + path + " is closed");
    }
    file.append(nextId++, record.encode().getBytes(StandardCharsets.UTF_8));
    if (force) {
      file.force();
    }
  }

  /** Replays one record read at open. */
  private void apply(byte[] payload) {
    JsonObject r;
    try {
      r = new JsonObject(new String(payload, StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      return; // passed its CRC, so written by a newer or broken version: nothing to replay
    }
    String id = r.getString("sessionId");
    String kind = r.getString("t");
    if (id == null || kind == null) {
      return;
    }
    switch (kind) {
      case "start" -> running.put(id, r);
      case "progress" -> {
        JsonObject state = running.get(id);
        if (state != null) {
          r.remove("t");
          state.mergeIn(r);
        }
      }
      case "end" -> running.remove(id);
      default -> { }
    }
  }

  private long liveBytes() {
    long sum = 0;
    for (JsonObject s : running.values()) {
      sum += OutboxSegment.HEADER_BYTES + s.encode().length();
    }
    return sum;
  }

  /** Writes the running sessions' merged state to a new file, fsyncs it and puts it in place. */
  private void rewrite() throws IOException {
    Path tmp = path.resolveSibling(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    OutboxSegment next = OutboxSegment.createAt(tmp, nextId);
    try {
      for (JsonObject state : running.values()) {
        JsonObject record = state.copy().put("t", "start");
        next.append(nextId++, record.encode().getBytes(StandardCharsets.UTF_8));
      }
      next.force();
    } catch (IOException | RuntimeException e) {
      next.close();
      throw e;
    }
    next.close();
    try {
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
    }
    if (file != null) {
      file.close();
    }
    List<Outbox.Damage> none = new ArrayList<>();
    file = OutboxSegment.openAndScan(path, 1, 1, none);
    if (!none.isEmpty()) {
      throw new IOException("the session log " + path + " just written does not read back: " + none);
    }
    syncDir();
  }

  private void syncDir() throws IOException {
    if (System.getProperty("os.name", "").startsWith("Windows")) {
      return;
    }
    try (var d = java.nio.channels.FileChannel.open(path.getParent(), java.nio.file.StandardOpenOption.READ)) {
      d.force(true);
    }
  }
}
