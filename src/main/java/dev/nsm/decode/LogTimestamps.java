package dev.nsm.decode;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the timestamps auth logs are written with, to epoch microseconds. Timestamps without a zone
 * are read in the context's zone; classic syslog's have no year either (see {@link
 * #classicSyslog}).
 */
final class LogTimestamps {

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  /** {@code Nov 25 08:49:29} (day space-padded), optionally with a fraction. */
  static final Pattern CLASSIC =
      Pattern.compile(
          "^([A-Z][a-z]{2}) {1,2}(\\d{1,2}) (\\d\\d):(\\d\\d):(\\d\\d)(?:\\.(\\d{1,9}))? ");

  /** RFC 3339 / ISO 8601 as rsyslog and {@code journalctl -o short-iso} write it. */
  static final Pattern ISO =
      Pattern.compile(
          "^(\\d{4})-(\\d\\d)-(\\d\\d)T(\\d\\d):(\\d\\d):(\\d\\d)(?:[.,](\\d{1,9}))?"
              + "(Z|[+-]\\d\\d:?\\d\\d)? ");

  private LogTimestamps() {}

  /**
   * A classic syslog timestamp, which has neither year nor zone. The year is the context's, or else
   * the one that puts the line at most a day after the file was last written: a log is written
   * before its modification time, so a {@code Dec 31} line in a file modified on {@code Jan 1}
   * belongs to the year before. Today's date is never used: replaying an old log must give the same
   * times on any day.
   */
  static long classicSyslog(Matcher m, LogContext context) {
    int month = MONTHS.indexOf(m.group(1));
    if (month < 0 || month % 3 != 0) {
      throw new MalformedAuthLineException("unknown month '" + m.group(1) + "'");
    }
    int monthNumber = month / 3 + 1;
    int day = Integer.parseInt(m.group(2));
    LocalTime time = timeOf(m.group(3), m.group(4), m.group(5), m.group(6));
    if (context.year() != null) {
      return microsOf(date(context.year(), monthNumber, day), time, context);
    }
    if (context.fileModified() == null) {
      throw new MalformedAuthLineException(
          "syslog timestamp has no year and the input has no modification time; give the year");
    }
    Instant modified = context.fileModified();
    int year = modified.atZone(context.zone()).getYear();
    long micros = microsOf(dateOrPreviousLeapDay(year, monthNumber, day), time, context);
    long latest = Math.addExact(toMicros(modified), ChronoUnit.DAYS.getDuration().toNanos() / 1000);
    if (micros > latest) {
      micros = microsOf(dateOrPreviousLeapDay(year - 1, monthNumber, day), time, context);
    }
    return micros;
  }

  /** An ISO 8601 timestamp; without an offset it is read in the context's zone. */
  static long iso(Matcher m, LogContext context) {
    LocalDate date =
        date(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
    LocalTime time = timeOf(m.group(4), m.group(5), m.group(6), m.group(7));
    String offset = m.group(8);
    if (offset == null) {
      return microsOf(date, time, context);
    }
    try {
      ZoneOffset zone =
          ZoneOffset.of(
              offset.length() == 5 ? offset.substring(0, 3) + ":" + offset.substring(3) : offset);
      return toMicros(LocalDateTime.of(date, time).toInstant(zone));
    } catch (DateTimeException e) {
      throw new MalformedAuthLineException("bad zone offset '" + offset + "'");
    }
  }

  /** Date and time fields as numbers, read in the context's zone (vsftpd, nginx). */
  static long fields(
      String year,
      String month,
      String day,
      String hour,
      String minute,
      String second,
      LogContext context) {
    int monthNumber = Character.isDigit(month.charAt(0)) ? Integer.parseInt(month) : monthOf(month);
    LocalDate date = date(Integer.parseInt(year), monthNumber, Integer.parseInt(day));
    return microsOf(date, timeOf(hour, minute, second, null), context);
  }

  static int monthOf(String name) {
    int index = name.length() == 3 ? MONTHS.indexOf(name) : -1;
    if (index < 0 || index % 3 != 0) {
      throw new MalformedAuthLineException("unknown month '" + Snippets.shorten(name) + "'");
    }
    return index / 3 + 1;
  }

  static long toMicros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
  }

  private static LocalDate date(int year, int month, int day) {
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      throw new MalformedAuthLineException("no such date: " + year + "-" + month + "-" + day);
    }
  }

  // Feb 29 in a file whose year is not a leap year can only be from the last leap year before it.
  private static LocalDate dateOrPreviousLeapDay(int year, int month, int day) {
    if (month == 2 && day == 29) {
      int leap = year;
      while (!java.time.Year.isLeap(leap)) {
        leap--;
      }
      return date(leap, month, day);
    }
    return date(year, month, day);
  }

  private static LocalTime timeOf(String hour, String minute, String second, String fraction) {
    int nanos = 0;
    if (fraction != null) {
      String padded = (fraction + "000000000").substring(0, 9);
      nanos = Integer.parseInt(padded);
    }
    try {
      return LocalTime.of(
          Integer.parseInt(hour), Integer.parseInt(minute), Integer.parseInt(second), nanos);
    } catch (DateTimeException e) {
      throw new MalformedAuthLineException(
          String.format(Locale.ROOT, "no such time: %s:%s:%s", hour, minute, second));
    }
  }

  private static long microsOf(LocalDate date, LocalTime time, LogContext context) {
    return toMicros(LocalDateTime.of(date, time).atZone(context.zone()).toInstant());
  }
}
