// Exercises Outbox in one process: append/pending/acknowledge round trips, out-of-order acknowledgements,
// paging, segment rollover and deletion of fully acknowledged segments, reopening, the event and byte bounds
// (OutboxFullException), ack-file compaction, the directory lock and the closed state.
package dev.faxgate.results;

import static dev.faxgate.results.OutboxFixtures.FRAME;
import static dev.faxgate.results.OutboxFixtures.assertPendingEvents;
import static dev.faxgate.results.OutboxFixtures.event;
import static dev.faxgate.results.OutboxFixtures.ids;
import static dev.faxgate.results.OutboxFixtures.segmentFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {

  /** No fsync, for the tests that append a lot; durability itself is the crash tests' business. */
  private static final Outbox.Options FAST = Outbox.Options.defaults().withFsync(false);

  @TempDir
  Path dir;

  @Test
  void appendPendingAcknowledgeRoundTrip() throws Exception {
    try (Outbox o = Outbox.open(dir)) {
      assertTrue(o.options().fsync(), "fsync is the default");
      assertTrue(o.recovery().isClean());
      assertEquals(0, o.recovery().intactRecords());
      assertEquals(1, o.append(event(1)));
      assertEquals(2, o.append(event(2)));
      assertEquals(3, o.append(event(3)));
      assertEquals(3, o.backlogEvents());
      assertEquals(3L * FRAME, o.backlogBytes());
      assertPendingEvents(o, 1L, 2L, 3L);
      assertEquals(List.of(1L, 2L), ids(o.pending(2)));
      assertEquals(List.of(), o.pending(0));

      assertTrue(o.acknowledge(1));
      assertPendingEvents(o, 2L, 3L);
      assertEquals(2, o.backlogEvents());
      assertEquals(2L * FRAME, o.backlogBytes());
      assertTrue(o.acknowledge(2));
      assertTrue(o.acknowledge(3));
      assertEquals(List.of(), o.pending(10));
      assertEquals(0, o.backlogEvents());
      assertEquals(0, o.backlogBytes());

      assertFalse(o.acknowledge(1), "already acknowledged");
      assertFalse(o.acknowledge(99), "never appended");
      assertFalse(o.acknowledge(0));
      assertFalse(o.acknowledge(-5));

      long empty = o.append(new byte[0]);
      assertEquals(4, empty);
      List<Outbox.Pending> p = o.pending(10);
      assertEquals(1, p.size());
      assertArrayEquals(new byte[0], p.get(0).payload());
    }
  }

  @Test
  void pendingReturnsCopies() throws Exception {
    try (Outbox o = Outbox.open(dir, FAST)) {
      byte[] payload = event(1);
      o.append(payload);
      payload[0] = 'X';
      o.pending(1).get(0).payload()[1] = 'Y';
      assertPendingEvents(o, 1L);
    }
  }

  @Test
  void acknowledgementsInAnyOrder() throws Exception {
    try (Outbox o = Outbox.open(dir)) {
      for (int i = 1; i <= 6; i++) {
        o.append(event(i));
      }
      assertTrue(o.acknowledge(5));
      assertTrue(o.acknowledge(2));
      assertTrue(o.acknowledge(6));
      assertPendingEvents(o, 1L, 3L, 4L);
      // duplicates, unknown and already acknowledged ids in one batch: only 4 and 1 count
      assertEquals(2, o.acknowledgeAll(new long[] {4, 4, 1, 42, 5}));
      assertPendingEvents(o, 3L);
      assertEquals(1, o.backlogEvents());
      assertEquals(FRAME, o.backlogBytes());
      assertEquals(0, o.acknowledgeAll(new long[0]));
    }
    try (Outbox o = Outbox.open(dir)) {
      assertTrue(o.recovery().isClean(), o.recovery().toString());
      assertEquals(6, o.recovery().intactRecords());
      assertEquals(1, o.recovery().pendingRecords());
      assertPendingEvents(o, 3L);
    }
  }

  @Test
  void pagingThroughTheBacklog() throws Exception {
    try (Outbox o = Outbox.open(dir, FAST.withSegmentBytes(4L * FRAME))) {
      for (int i = 1; i <= 10; i++) {
        o.append(event(i));
      }
      o.acknowledge(3);
      o.acknowledge(6);
      assertEquals(List.of(1L, 2L, 4L, 5L), ids(o.pendingAfter(0, 4)));
      assertEquals(List.of(7L, 8L, 9L, 10L), ids(o.pendingAfter(5, 4)));
      assertEquals(List.of(7L), ids(o.pendingAfter(5, 1)));
      assertEquals(List.of(10L), ids(o.pendingAfter(9, 4)));
      assertEquals(List.of(), o.pendingAfter(10, 4));
      assertThrows(IllegalArgumentException.class, () -> o.pending(-1));
    }
  }

  @Test
  void segmentsRollOverAndFullyAcknowledgedOnesAreDeleted() throws Exception {
    // three records fit in a segment
    Outbox.Options opts = FAST.withSegmentBytes(3L * FRAME + 5);
    try (Outbox o = Outbox.open(dir, opts)) {
      for (int i = 1; i <= 10; i++) {
        assertEquals(i, o.append(event(i)));
      }
      assertEquals(List.of(1L, 4L, 7L, 10L), baseIds(dir));
      assertEquals(4, o.segmentCount());
      assertEquals(10L * FRAME, o.diskBytes());

      o.acknowledge(5);
      o.acknowledge(4);
      assertEquals(List.of(1L, 4L, 7L, 10L), baseIds(dir), "record 6 still waits");
      o.acknowledge(6);
      assertEquals(List.of(1L, 7L, 10L), baseIds(dir), "the middle segment is gone");
      assertEquals(7L * FRAME, o.diskBytes());

      o.acknowledge(10);
      assertEquals(List.of(1L, 7L, 10L), baseIds(dir), "the newest segment is kept");
      o.acknowledgeAll(new long[] {9, 8, 7, 3, 2, 1});
      assertEquals(List.of(10L), baseIds(dir));
      assertEquals(0, o.backlogEvents());
      assertEquals(FRAME, o.diskBytes());

      assertEquals(11, o.append(event(11)));
      assertEquals(12, o.append(event(12)));
      o.acknowledgeAll(new long[] {11, 12});
      assertEquals(List.of(10L), baseIds(dir), "the newest segment is kept even when fully acknowledged");
      assertEquals(13, o.append(event(13)));
      assertEquals(List.of(13L), baseIds(dir), "rolling over deletes the fully acknowledged segment");
      assertPendingEvents(o, 13L);
    }
    try (Outbox o = Outbox.open(dir, opts)) {
      assertTrue(o.recovery().isClean(), o.recovery().toString());
      assertPendingEvents(o, 13L);
      assertEquals(14, o.append(event(14)));
    }
  }

  @Test
  void idsAreNeverReusedEvenWhenEverythingWasAcknowledged() throws Exception {
    Outbox.Options oneRecordPerSegment = FAST.withSegmentBytes(FRAME);
    try (Outbox o = Outbox.open(dir, oneRecordPerSegment)) {
      for (int i = 1; i <= 3; i++) {
        o.append(event(i));
      }
      o.acknowledgeAll(new long[] {1, 2, 3});
      assertEquals(List.of(3L), baseIds(dir));
    }
    try (Outbox o = Outbox.open(dir, oneRecordPerSegment)) {
      assertEquals(0, o.backlogEvents());
      assertEquals(4, o.append(event(4)));
    }
  }

  @Test
  void reopeningSendsExactlyTheUnacknowledgedRecords() throws Exception {
    Outbox.Options opts = Outbox.Options.defaults().withSegmentBytes(5L * FRAME);
    try (Outbox o = Outbox.open(dir, opts)) {
      for (int i = 1; i <= 20; i++) {
        o.append(event(i));
      }
      for (int i = 2; i <= 20; i += 2) {
        o.acknowledge(i);
      }
    }
    try (Outbox o = Outbox.open(dir, opts)) {
      Outbox.Recovery r = o.recovery();
      assertTrue(r.isClean(), r.toString());
      assertEquals(20, r.intactRecords());
      assertEquals(10, r.pendingRecords());
      assertEquals(4, r.segments());
      assertPendingEvents(o, 1L, 3L, 5L, 7L, 9L, 11L, 13L, 15L, 17L, 19L);
      assertEquals(10, o.backlogEvents());
      assertEquals(10L * FRAME, o.backlogBytes());
      assertEquals(21, o.append(event(21)));
      o.acknowledgeAll(new long[] {1, 3, 5, 7, 9, 11, 13, 15, 17, 19});
    }
    try (Outbox o = Outbox.open(dir, opts)) {
      assertTrue(o.recovery().isClean(), o.recovery().toString());
      assertPendingEvents(o, 21L);
      assertEquals(1, o.segmentCount());
    }
  }

  @Test
  void theEventBoundRefusesAppendsWithoutLosingAnything() throws Exception {
    Outbox.Options opts = Outbox.Options.defaults().withMaxEvents(3);
    try (Outbox o = Outbox.open(dir, opts)) {
      o.append(event(1));
      o.append(event(2));
      assertFalse(o.isFull());
      assertTrue(o.canAppend(100));
      o.append(event(3));
      assertTrue(o.isFull());
      assertFalse(o.canAppend(1));
      OutboxFullException e = assertThrows(OutboxFullException.class, () -> o.append(event(4)));
      assertTrue(e.getMessage().contains("full"), e.getMessage());
      assertTrue(e.getMessage().contains("refus"), e.getMessage());
      assertEquals(3, e.backlogEvents());
      assertEquals(3, e.maxEvents());
      assertThrows(OutboxFullException.class, () -> o.append(event(4)));
      assertPendingEvents(o, 1L, 2L, 3L);

      o.acknowledge(2);
      assertFalse(o.isFull());
      assertEquals(4, o.append(event(4)));
      assertThrows(OutboxFullException.class, () -> o.append(event(5)));
      assertPendingEvents(o, 1L, 3L, 4L);
    }
    try (Outbox o = Outbox.open(dir, opts)) {
      assertPendingEvents(o, 1L, 3L, 4L);
      assertTrue(o.isFull());
      assertThrows(OutboxFullException.class, () -> o.append(event(5)));
    }
  }

  @Test
  void theByteBoundRefusesAppendsWithoutLosingAnything() throws Exception {
    Outbox.Options opts = FAST.withMaxBytes(3L * FRAME);
    try (Outbox o = Outbox.open(dir, opts)) {
      o.append(event(1));
      o.append(event(2));
      o.append(event(3));
      assertEquals(3L * FRAME, o.backlogBytes());
      assertTrue(o.isFull());
      OutboxFullException e = assertThrows(OutboxFullException.class, () -> o.append(event(4)));
      assertEquals(3L * FRAME, e.backlogBytes());
      assertEquals(3L * FRAME, e.maxBytes());
      assertThrows(OutboxFullException.class, () -> o.append(new byte[0]), "even an empty record has a header");
      assertPendingEvents(o, 1L, 2L, 3L);

      o.acknowledge(1);
      assertEquals(4, o.append(event(4)));
      assertPendingEvents(o, 2L, 3L, 4L);
    }
  }

  @Test
  void aRefusedAppendKeepsTheOutboxFullUntilAnAcknowledgement() throws Exception {
    try (Outbox o = Outbox.open(dir, FAST.withMaxBytes(100))) {
      o.append(new byte[40]); // 61 framed bytes
      assertFalse(o.isFull());
      assertThrows(OutboxFullException.class, () -> o.append(new byte[30])); // 51 more: 112 > 100
      assertTrue(o.isFull(), "there is room for small records, but the last event did not fit");
      assertTrue(o.canAppend(10));
      assertEquals(2, o.append(new byte[10]));
      o.acknowledge(1);
      assertFalse(o.isFull());
    }
  }

  @Test
  void recordsThatCanNeverFitAreACallerError() throws Exception {
    try (Outbox o = Outbox.open(dir, FAST.withMaxBytes(100).withMaxRecordBytes(60))) {
      assertThrows(IllegalArgumentException.class, () -> o.append(new byte[61]));
      assertEquals(1, o.append(new byte[60]));
    }
    try (Outbox o = Outbox.open(dir, FAST.withMaxBytes(50))) {
      assertTrue(o.isFull(), "81 bytes wait, more than the new bound");
      o.acknowledge(1);
      assertThrows(IllegalArgumentException.class, () -> o.append(new byte[30]), "30 + 21 > 50");
      assertFalse(o.isFull(), "a caller error is not a full outbox");
      assertEquals(0, o.backlogEvents());
      assertEquals(2, o.append(new byte[29]));
    }
  }

  @Test
  void reopeningWithSmallerBoundsKeepsEverything() throws Exception {
    try (Outbox o = Outbox.open(dir, FAST)) {
      for (int i = 1; i <= 5; i++) {
        o.append(event(i));
      }
    }
    try (Outbox o = Outbox.open(dir, FAST.withMaxEvents(2))) {
      assertPendingEvents(o, 1L, 2L, 3L, 4L, 5L);
      assertTrue(o.isFull());
      assertThrows(OutboxFullException.class, () -> o.append(event(6)));
      o.acknowledgeAll(new long[] {1, 2, 3, 4});
      assertEquals(6, o.append(event(6)));
      assertPendingEvents(o, 5L, 6L);
    }
  }

  @Test
  void theAckFileIsCompacted() throws Exception {
    int n = 3 * Outbox.ACK_COMPACTION_MIN_ENTRIES;
    Outbox.Options opts = FAST.withSegmentBytes(10L * FRAME);
    Path acks = dir.resolve(Outbox.ACK_FILE);
    try (Outbox o = Outbox.open(dir, opts)) {
      for (int i = 1; i <= n; i++) {
        assertEquals(i, o.append(event(i)));
        if (i > 5) {
          o.acknowledge(i - 5); // lagging acknowledgements keep five records waiting
        }
      }
      long bound = Outbox.ACK_HEADER_BYTES + (long) Outbox.ACK_ENTRY_BYTES * (Outbox.ACK_COMPACTION_MIN_ENTRIES + 20);
      assertTrue(Files.size(acks) < bound, "acks.log is " + Files.size(acks) + " bytes");
      assertEquals(5, o.backlogEvents());
    }
    try (Outbox o = Outbox.open(dir, opts)) {
      assertTrue(o.recovery().isClean(), o.recovery().toString());
      assertPendingEvents(o, n - 4L, n - 3L, n - 2L, n - 1L, (long) n);
      assertEquals(n + 1, o.append(event(n + 1)));
    }
  }

  @Test
  void aDirectoryIsOpenOnlyOnce() throws Exception {
    try (Outbox o = Outbox.open(dir, FAST)) {
      o.append(event(1));
      IOException e = assertThrows(IOException.class, () -> Outbox.open(dir, FAST));
      assertTrue(e.getMessage().contains("already open"), e.getMessage());
      assertPendingEvents(o, 1L);
    }
    try (Outbox o = Outbox.open(dir, FAST)) {
      assertPendingEvents(o, 1L);
    }
  }

  @Test
  void aClosedOutboxRefusesWork() throws Exception {
    Outbox o = Outbox.open(dir, FAST);
    o.append(event(1));
    o.close();
    o.close();
    assertThrows(IllegalStateException.class, () -> o.append(event(2)));
    assertThrows(IllegalStateException.class, () -> o.acknowledge(1));
    assertThrows(IllegalStateException.class, () -> o.pending(1));
    assertFalse(o.canAppend(1));
  }

  @Test
  void optionsAreValidated() {
    Outbox.Options d = Outbox.Options.defaults();
    assertTrue(d.fsync());
    assertEquals(256L << 20, d.maxBytes());
    assertEquals(1_000_000, d.maxEvents());
    assertEquals(16L << 20, d.segmentBytes());
    assertThrows(IllegalArgumentException.class, () -> d.withMaxBytes(0));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxEvents(-1));
    assertThrows(IllegalArgumentException.class, () -> d.withSegmentBytes(0));
    assertThrows(IllegalArgumentException.class, () -> d.withSegmentBytes((1L << 30) + 1));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxRecordBytes(-1));
  }

  private static List<Long> baseIds(Path dir) {
    return segmentFiles(dir).stream().map(p -> OutboxSegment.parseBaseId(p.getFileName().toString())).toList();
  }
}
