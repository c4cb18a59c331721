package dev.faxgate.media;

import dev.faxgate.faxfile.FaxDocument;
import dev.faxgate.faxfile.FaxFileException;
import dev.faxgate.faxfile.SpoolDirectory;
import dev.faxgate.faxfile.TiffFaxWriter;
import dev.faxgate.faxopt.FaxOptError;
import dev.faxgate.faxopt.FaxOptException;
import dev.faxgate.faxopt.FaxOptions;
import dev.faxgate.faxopt.TerminalJob;
import dev.faxgate.terminal.DocumentPages;
import dev.faxgate.terminal.PageSource;
import dev.faxgate.terminal.TiffPageSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A terminal session's files, made ready at create (blocking: run it off the event loop): the
 * files to send resolved in the spool directory, checked whole and decoded into pages; or the file
 * to receive resolved there and a TIFF-F writer for it. What does not hold is refused with
 * {@link FaxOptError#INVALID_VALUE} and the file's problem, so no session is created.
 */
final class TerminalFiles {
  /** The pages to send (null when receiving). */
  final PageSource source;
  /** Where received pages go (null when sending). */
  final TiffPageSink sink;
  /** The file written when receiving. */
  final Path received;
  /**
   * True: the terminal calls (CNG, waits for DIS): a send, or a poll. False: it answers (CED, DIS):
   * a receive, or a send waiting to be polled.
   */
  final boolean calling;

  private TerminalFiles(PageSource source, TiffPageSink sink, Path received, boolean calling) {
    this.source = source;
    this.sink = sink;
    this.received = received;
    this.calling = calling;
  }

  /**
   * @param receiveName the file a receive writes when the job names none
   * @param pageWork where a receive compresses each kept page (not the media thread)
   * @throws FaxOptException INVALID_VALUE naming the file and its problem
   */
  static TerminalFiles prepare(Path spoolDir, TerminalJob job, String receiveName, FaxOptions options,
      Executor pageWork) {
    try {
      SpoolDirectory spool = new SpoolDirectory(spoolDir);
      if (job.direction() == TerminalJob.Direction.SEND) {
        List<FaxDocument> documents = new ArrayList<>();
        for (String name : job.files()) {
          documents.add(spool.openToSend(name));
        }
        return new TerminalFiles(DocumentPages.load(documents, ZonedDateTime.now(), options.getLocalStationId(),
            options.getHeaderInfo()), null, null, !job.pollable());
      }
      Path target = spool.resolveForReceive(job.files().isEmpty() ? receiveName : job.files().get(0));
      return new TerminalFiles(null, new TiffPageSink(new TiffFaxWriter(target, TiffFaxWriter.Compression.T6), pageWork),
          target, job.direction() == TerminalJob.Direction.POLL);
    } catch (FaxFileException e) {
      throw new FaxOptException(FaxOptError.INVALID_VALUE, e.getMessage());
    } catch (IOException e) {
      throw new FaxOptException(FaxOptError.INTERNAL, "the spool directory " + spoolDir + " cannot be used: " + e.getMessage());
    }
  }

  /**
   * The session has ended: a receive writes its file with the pages kept (none: no file). Blocking.
   *
   * @return what the completion event tells of the file, or null when sending
   */
  String finish(String remoteStationId) {
    if (sink == null) {
      return null;
    }
    try {
      if (remoteStationId != null && !remoteStationId.isEmpty()) {
        sink.remoteStationId(remoteStationId);
      }
      int pages = sink.finish();
      return pages == 0 ? "no page received: " + received + " not written" : pages + " page(s) written to " + received;
    } catch (IOException | RuntimeException e) {
      sink.abort();
      return "the received pages could not be written to " + received + ": " + e.getMessage();
    }
  }
}
