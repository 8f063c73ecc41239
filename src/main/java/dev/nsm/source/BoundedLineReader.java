package dev.nsm.source;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits a character stream into lines without ever holding more than {@code maxChars} of one line,
 * so a file with no line breaks (or a hostile one) cannot exhaust memory: an over-long line is
 * consumed to its end and reported by its length only.
 *
 * <p>A line ends at LF; a CR right before the LF belongs to the terminator. A lone CR is kept in
 * the line (JSON treats it as whitespace), so line numbers agree with {@code wc -l} and editors.
 */
final class BoundedLineReader {

  /** One line of input: its text, or only its length when it was longer than the limit. */
  record Line(long number, String text, long length) {

    boolean tooLong() {
      return text == null;
    }
  }

  private final Reader in;
  private final int maxChars;
  private final char[] buffer = new char[8192];
  private final StringBuilder current = new StringBuilder();
  private int position;
  private int limit;
  private long lineNumber;
  // Characters of the current line, counted even after the line has stopped being buffered.
  private long currentLength;
  private boolean endsWithCr;

  BoundedLineReader(Reader in, int maxChars) {
    this.in = in;
    this.maxChars = maxChars;
  }

  /** The next line, or {@code null} at the end of the input. */
  Line next() throws IOException {
    Line line = nextComplete();
    return line != null || currentLength == 0 ? line : finishLine();
  }

  /**
   * The next line ended by LF, or {@code null} when the input has run out for now. A partial last
   * line is kept, not returned: for a file still being written, a later call continues it once its
   * end has been appended, and {@link #next()} returns it as it is.
   */
  Line nextComplete() throws IOException {
    while (true) {
      if (position == limit && !fill()) {
        return null;
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      append(start, position);
      if (position < limit) {
        position++; // the LF itself
        return finishLine();
      }
    }
  }

  private boolean fill() throws IOException {
    int read;
    do {
      read = in.read(buffer, 0, buffer.length);
    } while (read == 0);
    position = 0;
    limit = Math.max(read, 0);
    return read > 0;
  }

  private void append(int from, int to) {
    int count = to - from;
    if (count == 0) {
      return;
    }
    // One character of slack so a CR ending a line of exactly maxChars is still buffered.
    if (currentLength + count <= maxChars + 1L) {
      current.append(buffer, from, count);
    } else {
      current.setLength(0);
    }
    currentLength += count;
    endsWithCr = buffer[to - 1] == '\r';
  }

  private Line finishLine() {
    lineNumber++;
    boolean buffered = current.length() == currentLength;
    long length = endsWithCr ? currentLength - 1 : currentLength;
    String text = buffered && length <= maxChars ? current.substring(0, (int) length) : null;
    current.setLength(0);
    currentLength = 0;
    endsWithCr = false;
    return new Line(lineNumber, text, length);
  }
}
