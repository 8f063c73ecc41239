package dev.nsm.source;

import dev.nsm.decode.AuthLogParser;
import dev.nsm.decode.LogContext;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads auth logs (syslog auth.log/mail.log, journald exports, vsftpd's, nginx's and Apache's own
 * logs) into {@link dev.nsm.event.AuthAttempt} facts, file after file, in file order. A
 * one-try-many-lines duplicate within a file is merged (see {@link
 * dev.nsm.decode.DuplicateTryMerger}); lines about something else are only counted; lines that look
 * like auth lines but cannot be read go to {@link FactSink#malformed}.
 *
 * <p>{@code -} is standard input; a name ending in {@code .gz} is decompressed as it is read. When
 * both a web server's access log and its error log (nginx or Apache) are given, a failed basic-auth
 * try is counted from the access log only (detected from the first lines of each file).
 */
public final class AuthLogSource implements FactSource {

  /** The longest line read, in characters (1 MiB); longer lines are reported, never buffered. */
  static final int MAX_LINE_CHARS = 1 << 20;

  /** What one read saw. */
  public record Counts(
      long linesRead,
      long authAttempts,
      long irrelevantLines,
      long malformedLines,
      long duplicatesMerged) {}

  private final List<Path> files;
  private final Integer year;
  private final ZoneId zone;
  private final InputStream standardInput;
  private final AuthLogParser parser = new AuthLogParser();
  private final AuthLogLines.Tally tally = new AuthLogLines.Tally();

  /**
   * @param files the logs, in the order to read them; {@code -} is standard input
   * @param year the year of classic syslog timestamps, or {@code null} to infer it from each file's
   *     modification time
   * @param zone the zone of timestamps that carry none, or {@code null} for UTC
   */
  public AuthLogSource(List<Path> files, Integer year, ZoneId zone) {
    this(files, year, zone, System.in);
  }

  /** As {@link #AuthLogSource(List, Integer, ZoneId)}, with {@code -} reading {@code stdin}. */
  public AuthLogSource(List<Path> files, Integer year, ZoneId zone, InputStream stdin) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no auth log files given");
    }
    this.files = List.copyOf(files);
    this.year = year;
    this.zone = zone;
    this.standardInput = stdin;
  }

  @Override
  public String name() {
    return files.size() == 1
        ? files.get(0).toString()
        : files.get(0) + " (+" + (files.size() - 1) + ")";
  }

  /** The counts of the reads so far. */
  public Counts counts() {
    return tally.counts();
  }

  /**
   * The first lines of the read that were about something else, as {@code "NUMBER: text"} (at most
   * five, each cut to 200 characters). With several files the numbers are each file's own.
   */
  public List<String> samplesOfUnrecognised() {
    return tally.samplesOfUnrecognised();
  }

  /** How many leading lines of a file are looked at to tell whether it is a web access log. */
  private static final int SNIFFED_LINES = 20;

  @Override
  public void readInto(FactSink sink) throws IOException {
    // nginx and Apache log a failed basic-auth try in both their logs; when an access log is among
    // the inputs it alone counts, so the error log's copies are dropped as duplicates.
    boolean accessLogRead = false;
    for (Path file : files) {
      accessLogRead |= isWebAccessLog(file);
    }
    for (Path file : files) {
      readFile(file, accessLogRead, sink);
    }
  }

  private boolean isWebAccessLog(Path file) throws IOException {
    if (file.toString().equals("-")) {
      return false; // standard input can be read only once
    }
    try (Reader reader = open(file, Files.newInputStream(file))) {
      BoundedLineReader lines = new BoundedLineReader(reader, MAX_LINE_CHARS);
      for (int i = 0; i < SNIFFED_LINES; i++) {
        BoundedLineReader.Line line = lines.next();
        if (line == null) {
          return false;
        }
        if (!line.tooLong() && parser.isWebAccessLogLine(line.text())) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new IOException("cannot read auth log " + file + ": " + describe(e), e);
    }
  }

  private static Reader open(Path file, InputStream in) throws IOException {
    InputStream raw =
        file.toString().endsWith(".gz") ? new GZIPInputStream(new BufferedInputStream(in)) : in;
    // Bytes that are not UTF-8 become U+FFFD instead of ending the read.
    return new InputStreamReader(raw, StandardCharsets.UTF_8);
  }

  private void readFile(Path file, boolean accessLogRead, FactSink sink) throws IOException {
    String name = file.toString();
    boolean stdin = name.equals("-");
    Instant modified;
    InputStream in;
    try {
      modified = stdin ? null : Files.getLastModifiedTime(file).toInstant();
      in = stdin ? standardInput : Files.newInputStream(file);
    } catch (IOException e) {
      throw new IOException("cannot open auth log " + name + ": " + describe(e), e);
    }
    try {
      readLines(
          new BoundedLineReader(open(file, in), MAX_LINE_CHARS),
          new LogContext(name, 0, year, zone, modified),
          accessLogRead,
          sink);
    } catch (IOException e) {
      throw new IOException("cannot read auth log " + name + ": " + describe(e), e);
    } finally {
      if (!stdin) {
        in.close();
      }
    }
  }

  private void readLines(
      BoundedLineReader lines, LogContext file, boolean accessLogRead, FactSink sink)
      throws IOException {
    AuthLogLines out = new AuthLogLines(parser, tally, sink, accessLogRead);
    for (BoundedLineReader.Line line = lines.next(); line != null; line = lines.next()) {
      out.take(line, file);
    }
    out.end();
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
