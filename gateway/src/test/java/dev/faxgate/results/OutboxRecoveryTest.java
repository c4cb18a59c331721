// Exercises Outbox.open on damaged directories, the files being cut or altered between a close and the next open
// as a crash or a bad disk would: a torn last record (cut mid-payload, a half-written length header, a
// zero-filled tail), a flipped byte in the last record and in a middle record, a garbled header in the middle, a
// torn tail in an older segment, and a torn, corrupt or garbled ack file. Each time the damage is reported
// (with file, offset and a forensic copy), every intact record is kept, and appending works afterwards.
package dev.faxgate.results;

import static dev.faxgate.results.OutboxFixtures.FRAME;
import static dev.faxgate.results.OutboxFixtures.assertPendingEvents;
import static dev.faxgate.results.OutboxFixtures.event;
import static dev.faxgate.results.OutboxFixtures.flipByte;
import static dev.faxgate.results.OutboxFixtures.onlySegment;
import static dev.faxgate.results.OutboxFixtures.overwrite;
import static dev.faxgate.results.OutboxFixtures.segmentFiles;
import static dev.faxgate.results.OutboxFixtures.slice;
import static dev.faxgate.results.OutboxFixtures.truncate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxRecoveryTest {

  @TempDir
  Path dir;

  /** Appends events 1..n (id i carries event(i)) and closes. */
  private void write(int n, Outbox.Options opts) throws Exception {
    try (Outbox o = Outbox.open(dir, opts)) {
      for (int i = 1; i <= n; i++) {
        assertEquals(i, o.append(event(i)));
      }
    }
  }

  private void write(int n) throws Exception {
    write(n, Outbox.Options.defaults());
  }

  /** The single damage reported, checked against kind, file and offset. */
  private static Outbox.Damage onlyDamage(Outbox o, Outbox.DamageKind kind, Path file, long offset) {
    Outbox.Recovery r = o.recovery();
    assertFalse(r.isClean());
    assertEquals(1, r.damage().size(), r.toString());
    Outbox.Damage d = r.damage().get(0);
    assertEquals(kind, d.kind(), r.toString());
    assertEquals(file, d.file());
    assertEquals(offset, d.offset(), r.toString());
    assertTrue(r.toString().contains(file.toString()), "the report names the file: " + r);
    return d;
  }

  /** After damage was dealt with: appending works, and the next open is clean with everything there. */
  private void appendWorksAndNextOpenIsClean(Outbox o, Long... before) throws Exception {
    long id = o.append(event(100));
    o.close();
    try (Outbox again = Outbox.open(dir)) {
      Outbox.Recovery r = again.recovery();
      assertTrue(r.isClean(), r.toString());
      List<Outbox.Pending> pending = again.pending(100);
      assertEquals(before.length + 1, pending.size());
      for (int i = 0; i < before.length; i++) {
        assertEquals(before[i], pending.get(i).id());
        assertArrayEquals(event(before[i]), pending.get(i).payload());
      }
      assertEquals(id, pending.get(before.length).id());
      assertArrayEquals(event(100), pending.get(before.length).payload());
    }
  }

  @Test
  void aLastRecordCutMidPayloadIsTruncatedAndSaved() throws Exception {
    write(5);
    Path seg = onlySegment(dir);
    byte[] original = Files.readAllBytes(seg);
    assertEquals(5L * FRAME, original.length);
    truncate(seg, original.length - 7);

    try (Outbox o = Outbox.open(dir)) {
      Outbox.Damage d = onlyDamage(o, Outbox.DamageKind.TORN_TAIL, seg, 4L * FRAME);
      assertEquals(FRAME - 7, d.length());
      assertTrue(d.detail().contains("cut short"), d.detail());
      assertTrue(d.savedTo().getFileName().toString().endsWith(".torn"), d.savedTo().toString());
      assertArrayEquals(slice(original, 4L * FRAME, original.length - 7), Files.readAllBytes(d.savedTo()));
      assertEquals(FRAME - 7, o.recovery().tornBytes());
      assertEquals(4, o.recovery().intactRecords());
      assertEquals(4L * FRAME, Files.size(seg), "truncated to the last intact record");
      assertPendingEvents(o, 1L, 2L, 3L, 4L);
      appendWorksAndNextOpenIsClean(o, 1L, 2L, 3L, 4L);
    }
  }

  @Test
  void aFlippedByteInTheLastRecordIsATornTail() throws Exception {
    write(5);
    Path seg = onlySegment(dir);
    byte[] original = Files.readAllBytes(seg);
    flipByte(seg, 4L * FRAME + 21 + 3);

    try (Outbox o = Outbox.open(dir)) {
      Outbox.Damage d = onlyDamage(o, Outbox.DamageKind.TORN_TAIL, seg, 4L * FRAME);
      assertEquals(FRAME, d.length());
      assertTrue(d.detail().contains("CRC32C mismatch"), d.detail());
      byte[] saved = Files.readAllBytes(d.savedTo());
      assertEquals(FRAME, saved.length);
      assertFalse(java.util.Arrays.equals(slice(original, 4L * FRAME, original.length), saved));
      assertPendingEvents(o, 1L, 2L, 3L, 4L);
      appendWorksAndNextOpenIsClean(o, 1L, 2L, 3L, 4L);
    }
  }

  @Test
  void aHalfWrittenLengthHeaderIsATornTail() throws Exception {
    write(5);
    Path seg = onlySegment(dir);
    // magic (4), version (1) and two of the four length bytes of record 5 made it to disk
    truncate(seg, 4L * FRAME + 7);

    try (Outbox o = Outbox.open(dir)) {
      Outbox.Damage d = onlyDamage(o, Outbox.DamageKind.TORN_TAIL, seg, 4L * FRAME);
      assertEquals(7, d.length());
      assertTrue(d.detail().contains("incomplete record header: 7 of 21 bytes"), d.detail());
      assertPendingEvents(o, 1L, 2L, 3L, 4L);
      appendWorksAndNextOpenIsClean(o, 1L, 2L, 3L, 4L);
    }
  }

  @Test
  void aZeroFilledTailIsATornTail() throws Exception {
    // what a file system may leave when the size reached disk but the data did not
    write(3);
    Path seg = onlySegment(dir);
    Files.write(seg, new byte[50], StandardOpenOption.APPEND);

    try (Outbox o = Outbox.open(dir)) {
      Outbox.Damage d = onlyDamage(o, Outbox.DamageKind.TORN_TAIL, seg, 3L * FRAME);
      assertEquals(50, d.length());
      assertTrue(d.detail().contains("bad magic 0x00000000"), d.detail());
      assertPendingEvents(o, 1L, 2L, 3L);
      appendWorksAndNextOpenIsClean(o, 1L, 2L, 3L);
    }
  }

  @Test
  void aCorruptRecordInTheMiddleIsSkippedAndKeptReported() throws Exception {
    write(5);
    Path seg = onlySegment(dir);
    byte[] before = Files.readAllBytes(seg);
    flipByte(seg, 2L * FRAME + 21 + 5);

    Path saved;
    try (Outbox o = Outbox.open(dir)) {
      Outbox.Damage d = onlyDamage(o, Outbox.DamageKind.CORRUPT_SKIPPED, seg, 2L * FRAME);
      assertEquals(FRAME, d.length());
      assertTrue(d.detail().contains("CRC32C mismatch"), d.detail());
      assertTrue(d.detail().contains("offset " + 3L * FRAME), d.detail());
      assertEquals(FRAME, o.recovery().corruptBytes());
      saved = d.savedTo();
      assertTrue(saved.getFileName().toString().endsWith(".corrupt"), saved.toString());
      assertEquals(FRAME, Files.size(saved));
      assertEquals(before.length, Files.size(seg), "nothing is truncated");
      assertPendingEvents(o, 1L, 2L, 4L, 5L);
      assertEquals(6, o.append(event(6)));
    }
    try (Outbox o = Outbox.open(dir)) {
      // the damage stays in the segment, so it is reported again, saved once
      Outbox.Damage d = onlyDamage(o, Outbox.DamageKind.CORRUPT_SKIPPED, seg, 2L * FRAME);
      assertEquals(saved, d.savedTo());
      assertPendingEvents(o, 1L, 2L, 4L, 5L, 6L);
      // once its intact records are acknowledged (and it is not the newest) the segment goes, damage and all
    }
  }

  @Test
  void aGarbledHeaderInTheMiddleIsSkippedUpToTheNextIntactRecord() throws Exception {
    write(6);
    Path seg = onlySegment(dir);
    // record 3's length now claims far more than the file holds, so the scan must find record 4 by its magic
    overwrite(seg, 2L * FRAME + 5, new byte[] {0x00, 0x10, 0x00, 0x00});

    try (Outbox o = Outbox.open(dir)) {
      Outbox.Damage d = onlyDamage(o, Outbox.DamageKind.CORRUPT_SKIPPED, seg, 2L * FRAME);
      assertEquals(FRAME, d.length());
      assertTrue(d.detail().contains("cut short"), d.detail());
      assertPendingEvents(o, 1L, 2L, 4L, 5L, 6L);
      assertEquals(7, o.append(event(7)));
    }
  }

  @Test
  void aTornTailInAnOlderSegmentIsTruncatedToo() throws Exception {
    Outbox.Options opts = Outbox.Options.defaults().withSegmentBytes(3L * FRAME);
    write(7, opts);
    List<Path> segs = segmentFiles(dir);
    assertEquals(3, segs.size());
    truncate(segs.get(0), 3L * FRAME - 5);

    try (Outbox o = Outbox.open(dir, opts)) {
      onlyDamage(o, Outbox.DamageKind.TORN_TAIL, segs.get(0), 2L * FRAME);
      assertPendingEvents(o, 1L, 2L, 4L, 5L, 6L, 7L);
      assertEquals(8, o.append(event(8)));
      o.acknowledgeAll(new long[] {1, 2});
      assertFalse(Files.exists(segs.get(0)), "a fully acknowledged older segment is deleted");
      assertPendingEvents(o, 4L, 5L, 6L, 7L, 8L);
    }
  }

  @Test
  void aTornAckFileTailMeansOneRecordIsSentAgain() throws Exception {
    Path acks = dir.resolve(Outbox.ACK_FILE);
    try (Outbox o = Outbox.open(dir)) {
      for (int i = 1; i <= 3; i++) {
        o.append(event(i));
      }
      o.acknowledge(1);
      o.acknowledge(2);
    }
    long size = Files.size(acks);
    assertEquals(Outbox.ACK_HEADER_BYTES + 2L * Outbox.ACK_ENTRY_BYTES, size);
    truncate(acks, size - 5);

    try (Outbox o = Outbox.open(dir)) {
      Outbox.Damage d = onlyDamage(o, Outbox.DamageKind.ACK_TORN_TAIL, acks, size - Outbox.ACK_ENTRY_BYTES);
      assertEquals(Outbox.ACK_ENTRY_BYTES - 5, d.length());
      assertPendingEvents(o, 2L, 3L);
      assertTrue(o.acknowledge(2));
      appendWorksAndNextOpenIsClean(o, 3L);
    }
  }

  @Test
  void aCorruptAckEntryIsIgnored() throws Exception {
    Path acks = dir.resolve(Outbox.ACK_FILE);
    try (Outbox o = Outbox.open(dir)) {
      for (int i = 1; i <= 4; i++) {
        o.append(event(i));
      }
      o.acknowledge(1);
      o.acknowledge(2);
      o.acknowledge(3);
    }
    long entry2 = Outbox.ACK_HEADER_BYTES + Outbox.ACK_ENTRY_BYTES;
    flipByte(acks, entry2 + 7);

    try (Outbox o = Outbox.open(dir)) {
      Outbox.Damage d = onlyDamage(o, Outbox.DamageKind.ACK_CORRUPT, acks, entry2);
      assertEquals(Outbox.ACK_ENTRY_BYTES, d.length());
      assertNull(d.savedTo());
      assertPendingEvents(o, 2L, 4L);
      appendWorksAndNextOpenIsClean(o, 2L, 4L);
    }
  }

  @Test
  void aGarbledAckFileIsSetAsideAndEverythingIsSentAgain() throws Exception {
    Path acks = dir.resolve(Outbox.ACK_FILE);
    try (Outbox o = Outbox.open(dir)) {
      for (int i = 1; i <= 3; i++) {
        o.append(event(i));
      }
      o.acknowledgeAll(new long[] {1, 2, 3});
    }
    overwrite(acks, 0, "JUNK".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    try (Outbox o = Outbox.open(dir)) {
      Outbox.Damage d = onlyDamage(o, Outbox.DamageKind.ACK_CORRUPT, acks, 0);
      assertTrue(Files.exists(d.savedTo()), d.toString());
      assertPendingEvents(o, 1L, 2L, 3L);
      appendWorksAndNextOpenIsClean(o, 1L, 2L, 3L);
    }
  }

  @Test
  void strangersInTheDirectoryAreLeftAlone() throws Exception {
    write(2);
    Files.writeString(dir.resolve("notes.txt"), "hello");
    Files.writeString(dir.resolve("outbox-123.log"), "not a segment name");
    try (Outbox o = Outbox.open(dir)) {
      assertTrue(o.recovery().isClean(), o.recovery().toString());
      assertPendingEvents(o, 1L, 2L);
    }
    assertTrue(Files.exists(dir.resolve("notes.txt")));
    assertTrue(Files.exists(dir.resolve("outbox-123.log")));
  }

  @Test
  void aRecordDamagedAfterOpenIsReportedWhenRead() throws Exception {
    write(3);
    Path seg = onlySegment(dir);
    try (Outbox o = Outbox.open(dir)) {
      flipByte(seg, FRAME + 21 + 2);
      IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> o.pending(10));
      assertTrue(e.getMessage().contains("record 2"), e.getMessage());
      assertEquals(List.of(1L), OutboxFixtures.ids(o.pending(1)));
      assertTrue(o.acknowledge(2), "a damaged record can be dropped by acknowledging it");
      assertPendingEvents(o, 1L, 3L);
    }
  }

  @Test
  void reportsAreReadable() throws IOException {
    Outbox.Damage d = new Outbox.Damage(Outbox.DamageKind.TORN_TAIL, Path.of("x.log"), 42, 7, Path.of("x.log.42.torn"),
        "cut short");
    assertEquals("TORN_TAIL in x.log at offset 42 (7 bytes): cut short; saved to x.log.42.torn", d.toString());
    Outbox.Recovery r = new Outbox.Recovery(1, 4, 2, List.of(d));
    assertTrue(r.toString().contains("4 intact records in 1 segments, 2 unacknowledged"), r.toString());
    assertTrue(r.toString().contains(d.toString()), r.toString());
  }
}
