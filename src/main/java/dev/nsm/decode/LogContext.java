package dev.nsm.decode;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What a log line cannot say about itself: which file and line it is, and, for timestamps without a
 * year or zone (classic syslog, vsftpd, nginx's error log), the year and zone to read them in.
 *
 * @param file the file name as the user gave it
 * @param lineNumber 1-based line number
 * @param year the year of classic syslog timestamps, or {@code null} to infer it from {@code
 *     fileModified}
 * @param zone the zone of timestamps that carry none
 * @param fileModified when the file was last written, or {@code null} when unknown (standard input)
 */
public record LogContext(
    String file, long lineNumber, Integer year, ZoneId zone, Instant fileModified) {

  public LogContext {
    Objects.requireNonNull(file, "file");
    zone = zone == null ? ZoneOffset.UTC : zone;
  }

  /** The same file at another line. */
  public LogContext atLine(long number) {
    return new LogContext(file, number, year, zone, fileModified);
  }
}
