package dev.faxgate.faxfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The folder terminal sessions read and write fax files in ({@code terminal.spool_dir}). A name
 * given through the API is resolved against it and refused when it could reach anything outside:
 * an absolute path, a {@code ..} that climbs out, or a symbolic link (of the file or of any folder
 * on the way) whose target lies outside. The check compares real paths, so it holds whatever
 * links the folder contains. The CLI does not use this class: its user names any file they may read.
 */
public final class SpoolDirectory {
  private final Path root;

  /** The spool folder {@code dir}, created when it does not exist yet. */
  public SpoolDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    this.root = dir.toRealPath();
  }

  /** The spool folder's real path. */
  public Path root() {
    return root;
  }

  /**
   * The file named {@code name} for a fax to send: it must exist inside the spool folder and be a
   * readable regular file.
   */
  public Path resolveForSend(String name) throws FaxFileException {
    Path inside = lexicallyInside(name);
    if (!Files.exists(inside)) {
      throw new FaxFileException("file to send '" + name + "' does not exist in the spool directory");
    }
    Path real = realPathInside(name, inside);
    if (!Files.isRegularFile(real)) {
      throw new FaxFileException("file to send '" + name + "' is not a regular file");
    }
    if (!Files.isReadable(real)) {
      throw new FaxFileException("file to send '" + name + "' is not readable by the gateway");
    }
    return real;
  }

  /**
   * Where a received fax named {@code name} is written: its folder must already exist inside the
   * spool folder; an existing file of that name is replaced, unless it is a link or a folder.
   */
  public Path resolveForReceive(String name) throws FaxFileException {
    Path inside = lexicallyInside(name);
    Path parent = inside.getParent();
    if (!Files.isDirectory(parent)) {
      throw new FaxFileException("folder of the received file '" + name + "' does not exist in the spool directory");
    }
    Path realParent = realPathInside(name, parent);
    Path target = realParent.resolve(inside.getFileName());
    if (Files.isSymbolicLink(target)) {
      throw new FaxFileException("received file '" + name + "' exists as a symbolic link; refusing to write through it");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FaxFileException("received file '" + name + "' exists and is not a regular file");
    }
    if (!Files.isWritable(realParent)) {
      throw new FaxFileException("folder of the received file '" + name + "' is not writable by the gateway");
    }
    return target;
  }

  /**
   * The file named {@code name} to send, resolved ({@link #resolveForSend}) and opened and checked
   * whole ({@link FaxDocument#open}); refusals name it as given. Reads the file: off the event loop.
   */
  public FaxDocument openToSend(String name) throws FaxFileException {
    return FaxDocument.open(resolveForSend(name), name);
  }

  /** The name a received fax gets when the API names none. */
  public static String defaultReceiveName(String sessionId) {
    return "rx-" + sessionId + ".tif";
  }

  /** {@code name} resolved against the spool folder without touching the disk: relative, and not climbing out. */
  private Path lexicallyInside(String name) throws FaxFileException {
    if (name == null || name.isBlank()) {
      throw new FaxFileException("file name is empty");
    }
    Path given;
    try {
      given = Path.of(name);
    } catch (InvalidPathException e) {
      throw new FaxFileException("file name '" + name + "' is not a valid path: " + e.getReason());
    }
    if (given.isAbsolute() || name.startsWith("/") || name.startsWith("\\")) {
      throw new FaxFileException("file name '" + name + "' is absolute; give a path relative to the spool directory");
    }
    Path resolved = root.resolve(given).normalize();
    if (!resolved.startsWith(root) || resolved.equals(root)) {
      throw new FaxFileException("file name '" + name + "' leads outside the spool directory");
    }
    return resolved;
  }

  /** The real path of {@code path} (links followed), refused when it lies outside the spool folder. */
  private Path realPathInside(String name, Path path) throws FaxFileException {
    Path real;
    try {
      real = path.toRealPath();
    } catch (IOException e) {
      throw new FaxFileException("file name '" + name + "' cannot be resolved: " + e.getMessage());
    }
    if (!real.startsWith(root)) {
      throw new FaxFileException("file name '" + name + "' leads outside the spool directory through a symbolic link");
    }
    return real;
  }
}
