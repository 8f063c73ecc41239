package dev.nsm.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads the secret key of {@link Pseudonyms} from a file, the file's bytes as they are (make one
 * with {@code head -c 32 /dev/urandom > nsm.key; chmod 600 nsm.key}). Whoever can read the key can
 * confirm which address is behind a pseudonym, and whoever can write it can make pseudonyms that
 * mislead; so, like ssh with a private key, nsm refuses a key file that any group or other user may
 * read, write or execute, a symbolic link, anything but a regular file, and a key shorter than
 * {@value #MIN_BYTES} bytes (a key shorter than the hash is easier to guess than to break).
 *
 * <p>Refusals are {@link FileSystemException}s naming the file, with the reason and the fix.
 */
public final class PseudonymKeyFile {

  /** The shortest key accepted: the length of an HMAC-SHA256 output. */
  public static final int MIN_BYTES = 32;

  /** The longest: a key file is a few bytes; anything longer is the wrong file. */
  static final int MAX_BYTES = 4096;

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private PseudonymKeyFile() {}

  /** The key in the file, after the checks above. */
  public static byte[] read(Path file) throws IOException {
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      throw refused(
          file, "its file system has no POSIX permissions, so who may read it is unknown");
    }
    if (attributes.isSymbolicLink()) {
      throw refused(file, "a symbolic link; give the key file itself");
    }
    if (!attributes.isRegularFile()) {
      throw refused(file, "not a regular file");
    }
    checkMode(file, attributes.permissions());
    byte[] key;
    try (FileChannel in =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer bytes = ByteBuffer.allocate(MAX_BYTES + 1);
      while (bytes.hasRemaining() && in.read(bytes) > 0) {}
      key = Arrays.copyOf(bytes.array(), bytes.position());
    }
    // The mode again, on what was read: a chmod between the check and the open is caught too.
    checkMode(file, Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    if (key.length < MIN_BYTES) {
      throw refused(
          file,
          key.length
              + " bytes; a key needs at least "
              + MIN_BYTES
              + " (head -c 32 /dev/urandom > "
              + file
              + ")");
    }
    if (key.length > MAX_BYTES) {
      throw refused(file, "longer than " + MAX_BYTES + " bytes; is it the key file?");
    }
    return key;
  }

  private static void checkMode(Path file, Set<PosixFilePermission> permissions)
      throws IOException {
    if (!Collections.disjoint(permissions, GROUP_OR_OTHERS)) {
      throw refused(
          file,
          "mode "
              + mode(permissions)
              + " lets group or others use it; the key must be its owner's alone (chmod 600 "
              + file
              + ")");
    }
  }

  /** The permissions in octal, as ls and chmod write them: 0644. */
  static String mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      mode |= 1 << (8 - permission.ordinal());
    }
    return String.format("0%03o", mode);
  }

  private static FileSystemException refused(Path file, String reason) {
    return new FileSystemException(file.toString(), null, reason);
  }
}
