package dev.nsm.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An append-only output file written one whole line (or several) per {@code write} call: each call
 * lands in full or not at all. A write that fails part-way, because the disk filled up after half a
 * line, is cut back to where it started, so the file never keeps a torn line and every earlier line
 * stays as it was. The first failure is kept and every later write fails with it at once: the file
 * stays a clean prefix of what the run meant to write, which a later run can complete (see {@link
 * WrittenAlertIds}).
 *
 * <p>A crash may still leave a torn last line: Linux may stop a write that spans pages when a
 * {@code kill -9} arrives in the microseconds it copies, and a power loss may keep only part of
 * what was written. {@link #unterminatedTail()} finds such a line when the next run opens the file.
 */
final class WholeLineFile extends OutputStream {

  private static final int SCAN_BLOCK = 8192;

  private final Path path;
  private final FileChannel channel;
  private IOException failure;

  WholeLineFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /**
   * Opens the file for appending with {@link OwnerOnlyFile}'s protections, refusing a file system
   * with no space left: that is known now, and better said before the run than after its first
   * alert.
   */
  static WholeLineFile open(Path path) throws IOException {
    FileChannel channel = OwnerOnlyFile.openForAppend(path);
    try {
      if (Files.getFileStore(path).getUsableSpace() == 0) {
        throw new FileSystemException(path.toString(), null, "no space left on the device");
      }
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return new WholeLineFile(path, channel);
  }

  Path path() {
    return path;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    if (failure != null) {
      throw failure;
    }
    long start = channel.size();
    ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      failure = described(e);
      cutBackTo(start);
      throw failure;
    }
  }

  /** The first write that failed, or {@code null}. */
  synchronized IOException failure() {
    return failure;
  }

  /**
   * Bytes after the file's last line break: 0 when the file is empty or ends a line, else the
   * length of the torn line an interrupted run left.
   */
  long unterminatedTail() throws IOException {
    try (FileChannel in =
        FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = in.size();
      ByteBuffer block = ByteBuffer.allocate(SCAN_BLOCK);
      for (long end = size; end > 0; ) {
        long start = Math.max(0, end - SCAN_BLOCK);
        block.clear().limit((int) (end - start));
        while (block.hasRemaining() && in.read(block, start + block.position()) > 0) {}
        for (int i = block.position() - 1; i >= 0; i--) {
          if (block.get(i) == '\n') {
            return size - (start + i + 1);
          }
        }
        end = start;
      }
      return size;
    }
  }

  /** The last {@code length} bytes of the file. */
  byte[] tail(int length) throws IOException {
    try (FileChannel in =
        FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer bytes = ByteBuffer.allocate(length);
      long start = in.size() - length;
      while (bytes.hasRemaining() && in.read(bytes, start + bytes.position()) > 0) {}
      return bytes.array();
    }
  }

  /** Ends a torn last line with a line break, keeping it, so the next line starts on its own. */
  void endTornLine() throws IOException {
    write(new byte[] {'\n'}, 0, 1);
  }

  /** Removes the last {@code length} bytes: a torn line that cannot be read as what it was. */
  synchronized void dropTornLine(long length) throws IOException {
    channel.truncate(channel.size() - length);
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }

  /** The cause's reason with the path, as {@code path: reason}. */
  private IOException described(IOException e) {
    if (e instanceof FileSystemException named && named.getFile() != null) {
      return e;
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    FileSystemException failed = new FileSystemException(path.toString(), null, reason);
    failed.initCause(e);
    return failed;
  }

  private void cutBackTo(long start) {
    try {
      if (channel.size() > start) {
        channel.truncate(start);
      }
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
