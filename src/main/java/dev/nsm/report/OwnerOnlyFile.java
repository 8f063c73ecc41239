package dev.nsm.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Opens an output file that only its owner may read (mode 0600). Alerts and reports name sources,
 * users and targets, so they are not for every local account to read.
 *
 * <p>A symbolic link at the path is refused rather than followed: a log directory writable by
 * others would otherwise let them point our output at any file we may write. The check is made
 * again by the open itself ({@code O_NOFOLLOW}), so a link swapped in after the check still fails.
 */
public final class OwnerOnlyFile {

  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFile() {}

  /**
   * Creates the file with mode 0600 if absent, sets 0600 if present, and opens it for appending.
   * Each {@code write(byte[])} on the stream goes to the file at once, unbuffered.
   */
  static OutputStream openForAppend(Path file) throws IOException {
    return open(file, StandardOpenOption.APPEND);
  }

  /** Replaces the file's content with {@code content} (UTF-8), with the same protections. */
  public static void replace(Path file, String content) throws IOException {
    try (OutputStream out = open(file, StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static OutputStream open(Path file, StandardOpenOption mode) throws IOException {
    refuseUnsafe(file);
    Set<OpenOption> options =
        Set.of(
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode, LinkOption.NOFOLLOW_LINKS);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
            : new FileAttribute<?>[0];
    OutputStream out;
    try {
      out = Channels.newOutputStream(Files.newByteChannel(file, options, attributes));
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
        out.close();
        throw e;
      }
    }
    return out;
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
      throw new IOException("refusing to write to " + file + ": not a regular file");
    }
  }

  private static IOException symbolicLink(Path file) {
    return new IOException("refusing to write through symbolic link " + file);
  }
}
