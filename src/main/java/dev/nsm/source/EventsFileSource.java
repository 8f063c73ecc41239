package dev.nsm.source;

import dev.nsm.event.Origin;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads an events file: JSON Lines of connections and authentication attempts written by hand or by
 * scripts (format: {@code docs/events-format.md}). Facts come out in file order; the engine deals
 * with order and lateness. A bad line is reported to the sink and reading goes on.
 */
public final class EventsFileSource implements FactSource {

  /** The longest line read, in characters (1 MiB); longer lines are reported, never buffered. */
  static final int MAX_LINE_CHARS = 1 << 20;

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  /** Opens the input afresh for each read. */
  private interface Opener {
    Reader open() throws IOException;
  }

  private final String name;
  private final Opener opener;
  private final boolean ownsReader;
  private final EventLineParser parser = new EventLineParser();

  /** A source reading {@code file} as UTF-8; its name is the path as given. */
  public EventsFileSource(Path file) {
    // InputStreamReader with a Charset replaces bytes that are not UTF-8 with U+FFFD. Files'
    // own readers throw instead, which would end the whole replay at one bad byte.
    this(
        file.toString(),
        () -> new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8),
        true);
  }

  private EventsFileSource(String name, Opener opener, boolean ownsReader) {
    this.name = name;
    this.opener = opener;
    this.ownsReader = ownsReader;
  }

  /**
   * A source reading {@code reader} (for tests and standard input). The caller keeps ownership: the
   * reader is read to its end but not closed.
   */
  public static EventsFileSource of(String displayName, Reader reader) {
    return new EventsFileSource(displayName, () -> reader, false);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void readInto(FactSink sink) throws IOException {
    Reader reader = open();
    try {
      readLines(new BoundedLineReader(reader, MAX_LINE_CHARS), sink);
    } catch (IOException e) {
      throw new IOException("cannot read events file " + name + ": " + describe(e), e);
    } finally {
      if (ownsReader) {
        reader.close();
      }
    }
  }

  private Reader open() throws IOException {
    try {
      return opener.open();
    } catch (IOException e) {
      throw new IOException("cannot open events file " + name + ": " + describe(e), e);
    }
  }

  private void readLines(BoundedLineReader lines, FactSink sink) throws IOException {
    for (BoundedLineReader.Line line = lines.next(); line != null; line = lines.next()) {
      if (line.tooLong()) {
        sink.malformed(
            name,
            line.number(),
            "line of "
                + line.length()
                + " characters is longer than the limit of "
                + MAX_LINE_CHARS);
        continue;
      }
      String text = line.number() == 1 ? withoutByteOrderMark(line.text()) : line.text();
      if (isBlankOrComment(text)) {
        continue;
      }
      try {
        sink.accept(parser.parse(text, Origin.line(name, line.number())));
      } catch (MalformedEventException e) {
        sink.malformed(name, line.number(), e.getMessage());
      }
    }
  }

  /** Only spaces and tabs, or a first other character of {@code #}. */
  private static boolean isBlankOrComment(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\t') {
        return c == '#';
      }
    }
    return true;
  }

  // Editors on Windows often start UTF-8 files with a byte order mark; it is not part of line 1.
  private static String withoutByteOrderMark(String text) {
    return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
