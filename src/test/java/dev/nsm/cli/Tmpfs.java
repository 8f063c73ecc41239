package dev.nsm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for a test, to fill a disk for real. Mounting needs root (or
 * CAP_SYS_ADMIN): tests {@code assume} {@link #mount} succeeded and are skipped where it cannot.
 */
final class Tmpfs implements AutoCloseable {

  private final Path at;

  private Tmpfs(Path at) {
    this.at = at;
  }

  /** Mounts a tmpfs of {@code size} (e.g. "64k") at the directory, or returns null if it cannot. */
  static Tmpfs mount(Path at, String options) {
    return run("mount", "-t", "tmpfs", "-o", options, "nsm-test", at.toString())
        ? new Tmpfs(at)
        : null;
  }

  /** Gives the mounted file system other options, e.g. a larger size, keeping its files. */
  void remount(String options) {
    if (!run("mount", "-o", "remount," + options, at.toString())) {
      throw new IllegalStateException("cannot remount " + at + " with " + options);
    }
  }

  @Override
  public void close() {
    run("umount", at.toString());
  }

  private static boolean run(String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    try {
      Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
