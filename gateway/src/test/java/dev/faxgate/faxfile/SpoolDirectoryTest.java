package dev.faxgate.faxfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths named through the API stay inside the spool directory, whatever links it holds. */
class SpoolDirectoryTest {
  @TempDir Path base;
  private Path spoolDir;
  private Path outside;
  private SpoolDirectory spool;

  @BeforeEach
  void layOut() throws Exception {
    spoolDir = base.resolve("spool");
    outside = base.resolve("outside");
    Files.createDirectories(outside);
    spool = new SpoolDirectory(spoolDir);
    Files.createDirectories(spoolDir.resolve("in"));
    Files.write(spoolDir.resolve("in/a.tif"), new byte[] {1});
    Files.write(outside.resolve("secret.tif"), new byte[] {2});
  }

  private String refusal(ThrowingResolve resolve) {
    return assertThrows(FaxFileException.class, resolve::run).getMessage();
  }

  private interface ThrowingResolve {
    void run() throws Exception;
  }

  @Test
  void theFolderIsCreatedAndRelativeNamesResolveInsideIt() throws Exception {
    assertTrue(Files.isDirectory(spoolDir));
    assertEquals(spoolDir.toRealPath().resolve("in/a.tif"), spool.resolveForSend("in/a.tif"));
    assertEquals(spoolDir.toRealPath().resolve("in/a.tif"), spool.resolveForSend("in/../in/./a.tif"),
        "a .. that stays inside is only a detour");
    assertEquals(spoolDir.toRealPath().resolve("in/new.tif"), spool.resolveForReceive("in/new.tif"));
    assertEquals(spoolDir.toRealPath().resolve("in/a.tif"), spool.resolveForReceive("in/a.tif"),
        "an existing regular file is replaced, as ReceiveFAX does");
  }

  @Test
  void absolutePathsAreRefused() {
    String message = refusal(() -> spool.resolveForSend(outside.resolve("secret.tif").toString()));
    assertTrue(message.contains("absolute"), message);
    assertTrue(refusal(() -> spool.resolveForReceive("/tmp/x.tif")).contains("absolute"));
  }

  @Test
  void dotDotEscapesAreRefused() {
    String message = refusal(() -> spool.resolveForSend("../outside/secret.tif"));
    assertTrue(message.contains("'../outside/secret.tif'") && message.contains("outside the spool directory"), message);
    assertTrue(refusal(() -> spool.resolveForReceive("in/../../outside/rx.tif")).contains("outside the spool directory"));
    assertTrue(refusal(() -> spool.resolveForReceive("..")).contains("outside the spool directory"));
    assertTrue(refusal(() -> spool.resolveForReceive(".")).contains("outside the spool directory"), "the folder itself is no file");
  }

  @Test
  void symbolicLinksLeadingOutsideAreRefused() throws Exception {
    Files.createSymbolicLink(spoolDir.resolve("link.tif"), outside.resolve("secret.tif"));
    Files.createSymbolicLink(spoolDir.resolve("out"), outside);
    String message = refusal(() -> spool.resolveForSend("link.tif"));
    assertTrue(message.contains("symbolic link"), message);
    assertTrue(refusal(() -> spool.resolveForSend("out/secret.tif")).contains("symbolic link"));
    assertTrue(refusal(() -> spool.resolveForReceive("out/rx.tif")).contains("symbolic link"),
        "a received file's folder must be inside too");
    assertTrue(refusal(() -> spool.resolveForReceive("link.tif")).contains("symbolic link"),
        "never write through a link, even one pointing inside");
  }

  @Test
  void aLinkThatStaysInsideIsFollowedForSending() throws Exception {
    Files.createSymbolicLink(spoolDir.resolve("alias.tif"), spoolDir.resolve("in/a.tif"));
    assertEquals(spoolDir.toRealPath().resolve("in/a.tif"), spool.resolveForSend("alias.tif"));
  }

  @Test
  void missingFilesAndFoldersAreNamed() {
    String message = refusal(() -> spool.resolveForSend("in/none.tif"));
    assertTrue(message.contains("'in/none.tif'") && message.contains("does not exist"), message);
    assertTrue(refusal(() -> spool.resolveForSend("in")).contains("not a regular file"));
    message = refusal(() -> spool.resolveForReceive("nofolder/rx.tif"));
    assertTrue(message.contains("folder") && message.contains("does not exist"), message);
    assertTrue(refusal(() -> spool.resolveForReceive("in")).contains("not a regular file"));
    assertTrue(refusal(() -> spool.resolveForSend("")).contains("empty"));
    assertTrue(refusal(() -> spool.resolveForSend("a\0b")).contains("not a valid path"));
  }

  @Test
  void openToSendNamesTheFileAsTheClientGaveIt() throws Exception {
    String message = assertThrows(FaxFileException.class, () -> spool.openToSend("in/a.tif")).getMessage();
    assertEquals("file 'in/a.tif' is not a TIFF image; fax files must be bilevel TIFF", message);
    assertTrue(assertThrows(FaxFileException.class, () -> spool.openToSend("../outside/secret.tif")).getMessage()
        .contains("outside the spool directory"));
  }

  @Test
  void theDefaultReceiveNameComesFromTheSession() throws Exception {
    String name = SpoolDirectory.defaultReceiveName("s-42");
    assertEquals("rx-s-42.tif", name);
    assertEquals(spoolDir.toRealPath().resolve(name), spool.resolveForReceive(name));
  }
}
