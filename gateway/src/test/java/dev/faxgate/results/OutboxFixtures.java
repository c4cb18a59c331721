package dev.faxgate.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Test helper: fixed-size event payloads and the file surgery the recovery tests do. */
final class OutboxFixtures {
  /** Framed size of every {@link #event} payload: a 21-byte header plus the JSON. */
  static final int FRAME = 21 + event(1).length;

  private OutboxFixtures() {
  }

  /** A small completion-event-like JSON payload of constant size (for seq below 100,000). */
  static byte[] event(long seq) {
    return String.format("{\"eventId\":\"ev-%05d\",\"status\":\"OK\"}", seq).getBytes(StandardCharsets.UTF_8);
  }

  static List<Long> ids(List<Outbox.Pending> pending) {
    return pending.stream().map(Outbox.Pending::id).collect(Collectors.toList());
  }

  /** Asserts the pending records are exactly these ids, each carrying {@code event(id)}. */
  static void assertPendingEvents(Outbox outbox, Long... expectedIds) throws IOException {
    List<Outbox.Pending> pending = outbox.pending(Integer.MAX_VALUE);
    assertEquals(List.of(expectedIds), ids(pending));
    for (Outbox.Pending p : pending) {
      assertArrayEquals(event(p.id()), p.payload(), "payload of record " + p.id());
    }
  }

  /** The segment files in the directory, oldest first. */
  static List<Path> segmentFiles(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> OutboxSegment.parseBaseId(p.getFileName().toString()) >= 0).sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path onlySegment(Path dir) {
    List<Path> files = segmentFiles(dir);
    assertEquals(1, files.size(), "segment files: " + files);
    return files.get(0);
  }

  static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }

  static void flipByte(Path file, long offset) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ 0x20)).rewind();
      ch.write(b, offset);
    }
  }

  static void overwrite(Path file, long offset, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(bytes), offset);
    }
  }

  static byte[] slice(byte[] bytes, long from, long to) {
    return java.util.Arrays.copyOfRange(bytes, (int) from, (int) to);
  }
}
