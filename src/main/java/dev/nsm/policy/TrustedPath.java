package dev.nsm.policy;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether nsm may load rules or a policy from a path. A DRL consequence runs any Java with nsm's
 * privileges and a policy decides what nsm ignores, so both are code: whoever can change them
 * controls nsm. Like sshd's {@code StrictModes}, nsm loads them only when no one but root and the
 * user running nsm can change the file, or any directory the kernel passes through to reach it,
 * symbolic links followed.
 *
 * <p>Each of those must be owned by root or the user running nsm and not be writable by group or
 * others. One exception, for directories on the way only: a sticky directory owned by root or the
 * user (like {@code /tmp}) may be writable by everyone, because the sticky bit stops other users
 * from renaming or deleting entries they do not own, so they cannot swap what lies below it. sshd
 * refuses even that, but it checks only up to a home directory; nsm checks up to the root, where
 * {@code /tmp} is a common and safe place for a checkout or a test's files. The file itself, and a
 * ruleset directory (others could add a rule to it), get no such exception.
 *
 * <p>On a file system without POSIX owners and modes nothing can be checked, and nothing is
 * refused. The checks run before anything is read; a path that does not exist passes, so that the
 * reader reports it as missing.
 */
public final class TrustedPath {

  // "http:/host/x" is what Path makes of "http://host/x"; two letters at least, so "C:/" is no URL.
  private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:/.*");
  private static final int WRITABLE_BY_OTHERS = 0022;
  private static final int STICKY = 01000;
  private static final long UID = currentUid();
  private static final String USER = System.getProperty("user.name");

  private TrustedPath() {}

  /** The user running nsm, or -1 where the JVM cannot tell (not a Unix system). */
  private static long currentUid() {
    try {
      return new UnixSystem().getUid();
    } catch (LinkageError | RuntimeException e) {
      return -1;
    }
  }

  /** Whether a path as typed is a URL rather than a local file: nsm never fetches one. */
  public static boolean looksLikeUrl(String path) {
    return URL.matcher(path).matches();
  }

  /**
   * The reason nsm must not load {@code what} from {@code path}, if there is one: the path is a
   * URL, or someone other than root and the user running nsm can change it.
   *
   * @param path a rule or policy file, or a ruleset directory, as the user gave it
   * @param what what is loaded, for the message: "rules", "a policy", "a policy schema"
   */
  public static Optional<Diagnostic> problem(Path path, String what) {
    String name = path.toString();
    if (looksLikeUrl(name)) {
      return Optional.of(
          Diagnostic.error(
              name.replaceFirst(":/(?!/)", "://"),
              0,
              0,
              "looks like a URL: nsm reads rules and policies only from local files and never"
                  + " fetches them from the network; download, review and give the local path"));
    }
    if (UID < 0) {
      return Optional.empty(); // no Unix owners to compare with
    }
    Path absolute = path.toAbsolutePath();
    Path target;
    try {
      target = absolute.toRealPath();
    } catch (IOException e) {
      return Optional.empty(); // missing or unreachable: reading it says so
    }
    try {
      String problem = problemOf(target, true, what);
      if (problem != null) {
        return Optional.of(Diagnostic.error(name, 0, 0, problem));
      }
      // The directories of every prefix of the path as given, each resolved, and their parents:
      // whoever can change one of them can swap a symbolic link or a directory on the way.
      Set<Path> checked = new LinkedHashSet<>();
      checked.add(target);
      Path prefix = absolute.getRoot();
      for (int i = 0; i <= absolute.getNameCount(); i++) {
        if (i > 0) {
          prefix = prefix.resolve(absolute.getName(i - 1));
        }
        for (Path dir = prefix.toRealPath(); dir != null; dir = dir.getParent()) {
          if (checked.add(dir)) {
            problem = problemOf(dir, false, what);
            if (problem != null) {
              return Optional.of(Diagnostic.error(name, 0, 0, problem));
            }
          }
        }
      }
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty(); // no POSIX owners and modes here: nothing to check
    } catch (IOException e) {
      return Optional.empty(); // gone meanwhile: reading it says so
    }
    return Optional.empty();
  }

  /**
   * What is wrong with one resolved path (no symbolic link), or {@code null}.
   *
   * @param loaded whether it is what is loaded (a file or ruleset directory) rather than a
   *     directory on the way to it
   */
  private static String problemOf(Path path, boolean loaded, String what) throws IOException {
    int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    boolean trustedOwner = uid == 0 || uid == UID;
    String octal = String.format(Locale.ROOT, "%04o", mode & 07777);
    String kind = directory ? "directory" : "file";
    if (!trustedOwner) {
      String owner = ownerName(path, uid);
      if (loaded) {
        return "refusing to load "
            + what
            + " from a "
            + kind
            + " owned by "
            + owner
            + ", not by root or the user running nsm ("
            + USER
            + "); fix with: chown "
            + USER
            + " "
            + path;
      }
      return "refusing to load "
          + what
          + ": the directory "
          + path
          + " on its path is owned by "
          + owner
          + ", not by root or the user running nsm ("
          + USER
          + "), who could replace what is in it; keep "
          + what
          + " in directories only root or "
          + USER
          + " can change";
    }
    if ((mode & WRITABLE_BY_OTHERS) == 0 || (!loaded && directory && (mode & STICKY) != 0)) {
      return null;
    }
    if (loaded) {
      return "refusing to load "
          + what
          + " from a "
          + kind
          + " other users can write (mode "
          + octal
          + "); fix with: chmod go-w "
          + path;
    }
    return "refusing to load "
        + what
        + ": other users can write the directory "
        + path
        + " on its path (mode "
        + octal
        + ") and could replace what is in it; fix with: chmod go-w "
        + path;
  }

  private static String ownerName(Path path, int uid) {
    try {
      return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName() + " (uid " + uid + ")";
    } catch (IOException e) {
      return "uid " + uid;
    }
  }
}
