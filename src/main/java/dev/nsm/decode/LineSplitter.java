package dev.nsm.decode;

import java.nio.charset.StandardCharsets;

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

  private final byte[] buffer;
  private int length;
  private boolean overflowed;
  private long skipRemaining;
  private long droppedBytes;

  LineSplitter(int maxLineBytes) {
    this.buffer = new byte[maxLineBytes];
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
      } else if (length < buffer.length) {
        buffer[length++] = b;
      } else {
        overflowed = true;
        droppedBytes++;
      }
    }
  }
}
