package dev.nsm.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens an output file that only its owner may read (mode 0600). Alerts and reports name sources,
 * users and targets, so they are not for every local account to read.
 *
 * <p>A symbolic link at the path is refused rather than followed: a log directory writable by
 * others would otherwise let them point our output at any file we may write. The check is made
 * again by the open itself ({@code O_NOFOLLOW}), so a link swapped in after the check still fails.
 *
 * <p>Refusals are {@link FileSystemException}s whose file is the path and whose reason says why, so
 * the command line can print {@code cannot write <path>: <reason>}.
 */
public final class OwnerOnlyFile {

  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFile() {}

  /**
   * Creates the file with mode 0600 if absent, sets 0600 if present, and opens it for appending:
   * every write goes to the end of the file, unbuffered.
   */
  static FileChannel openForAppend(Path file) throws IOException {
    return open(file, StandardOpenOption.APPEND);
  }

  /**
   * Replaces the file's content with {@code content} (UTF-8), with the same protections. The new
   * content is written to a temporary file beside it and renamed over it, so a failure part-way (a
   * full disk) leaves the previous content whole rather than half a report.
   */
  public static void replace(Path file, String content) throws IOException {
    refuseUnsafe(file);
    Path temporary = temporaryBeside(file);
    try {
      try (OutputStream out =
          Channels.newOutputStream(open(temporary, StandardOpenOption.TRUNCATE_EXISTING))) {
        out.write(content.getBytes(StandardCharsets.UTF_8));
      }
      moveOver(temporary, file);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
  }

  /**
   * Checks, before a run reads any input, that {@link #replace} will be able to write the file at
   * its end: the path is no symbolic link nor anything but a regular file, and its directory takes
   * a new file.
   */
  public static void checkReplaceable(Path file) throws IOException {
    refuseUnsafe(file);
    Path temporary = temporaryBeside(file);
    open(temporary, StandardOpenOption.TRUNCATE_EXISTING).close();
    Files.delete(temporary);
  }

  private static Path temporaryBeside(Path file) {
    Path name = file.getFileName();
    String temporary =
        "." + name + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of(temporary) : parent.resolve(temporary);
  }

  private static void moveOver(Path temporary, Path file) throws IOException {
    try {
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static FileChannel open(Path file, StandardOpenOption mode) throws IOException {
    refuseUnsafe(file);
    Set<OpenOption> options =
        Set.of(
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode, LinkOption.NOFOLLOW_LINKS);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
            : new FileAttribute<?>[0];
    FileChannel channel;
    try {
      channel = FileChannel.open(file, options, attributes);
    } catch (FileSystemException e) {
      if (Files.isSymbolicLink(file)) {
        throw symbolicLink(file);
      }
      throw e;
    }
    if (posix) {
      // The create mode only applies to a new file; an existing one is narrowed here.
      try {
        Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setPermissions(OWNER_READ_WRITE);
      } catch (IOException e) {
        channel.close();
        throw e;
      }
    }
    return channel;
  }

  private static void refuseUnsafe(Path file) throws IOException {
    BasicFileAttributes existing;
    try {
      existing = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException absent) {
      return;
    }
    if (existing.isSymbolicLink()) {
      throw symbolicLink(file);
    }
    if (!existing.isRegularFile()) {
      // A FIFO would block the engine thread on open; a directory cannot be appended to.
      throw new FileSystemException(file.toString(), null, "not a regular file");
    }
  }

  private static IOException symbolicLink(Path file) {
    return new FileSystemException(
        file.toString(), null, "a symbolic link; nsm does not write through one");
  }
}
