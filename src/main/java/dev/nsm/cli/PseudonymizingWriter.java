package dev.nsm.cli;

import dev.nsm.report.Pseudonyms;
import java.io.IOException;
import java.io.Writer;

/**
 * Standard error with every address replaced by its pseudonym. Text is held until a line ends (or a
 * progress line returns with CR, or the writer is flushed), so that an address printed in pieces is
 * still replaced whole.
 */
final class PseudonymizingWriter extends Writer {

  private final Writer out;
  private final Pseudonyms pseudonyms;
  private final StringBuilder line = new StringBuilder();

  PseudonymizingWriter(Writer out, Pseudonyms pseudonyms) {
    this.out = out;
    this.pseudonyms = pseudonyms;
  }

  @Override
  public synchronized void write(char[] chars, int offset, int length) throws IOException {
    for (int i = offset; i < offset + length; i++) {
      line.append(chars[i]);
      if (chars[i] == '\n' || chars[i] == '\r') {
        emit();
      }
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    emit();
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
    out.close();
  }

  private void emit() throws IOException {
    if (line.length() > 0) {
      out.write(pseudonyms.text(line.toString()));
      line.setLength(0);
    }
  }
}
