package dev.nsm.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts one direction's in-order bytes into lines (LF or CRLF), however the bytes were split into
 * segments. Lines are ISO-8859-1 text, so every byte survives as one char; a line longer than the
 * bound keeps its start and the rest is counted as dropped.
 */
final class LineSplitter {

  /** Receives complete lines, without their line end. */
  interface LineSink {
    void line(String line);
  }

  /**
   * The buffer is allocated on the first byte of a line, this big, and doubles up to the bound: a
   * SYN flood opens thousands of streams that never carry a line, and each took 8 KB up front.
   */
  private static final int FIRST_BUFFER = 128;

  private final int maxLineBytes;
  private byte[] buffer = new byte[0];
  private int length;
  private boolean overflowed;
  private long skipRemaining;
  private long droppedBytes;

  LineSplitter(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
  }

  /** The next {@code count} bytes are a body, not lines (HTTP content). */
  void skip(long count) {
    skipRemaining = count;
  }

  /** Forgets the half-read line. */
  void reset() {
    length = 0;
    overflowed = false;
    skipRemaining = 0;
  }

  long droppedBytes() {
    return droppedBytes;
  }

  void feed(byte[] bytes, int offset, int count, LineSink sink) {
    int end = offset + count;
    for (int i = offset; i < end; i++) {
      if (skipRemaining > 0) {
        long take = Math.min(skipRemaining, end - i);
        skipRemaining -= take;
        i += (int) take - 1;
        continue;
      }
      byte b = bytes[i];
      if (b == '\n') {
        int lineLength =
            length > 0 && buffer[length - 1] == '\r' && !overflowed ? length - 1 : length;
        String line = new String(buffer, 0, lineLength, StandardCharsets.ISO_8859_1);
        length = 0;
        overflowed = false;
        sink.line(line);
      } else if (length < maxLineBytes) {
        if (length == buffer.length) {
          buffer =
              Arrays.copyOf(buffer, Math.min(maxLineBytes, Math.max(FIRST_BUFFER, length * 2)));
        }
        buffer[length++] = b;
      } else {
        overflowed = true;
        droppedBytes++;
      }
    }
  }
}
