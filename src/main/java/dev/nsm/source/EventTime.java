package dev.nsm.source;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an event's {@code time}: an RFC 3339 date-time with a zone offset, or a JSON number of
 * epoch seconds. Both give exact epoch microseconds; finer digits are truncated towards the past,
 * as a clock would.
 */
final class EventTime {

  // RFC 3339 section 5.6; "T" may be lower case or a space (section 5.6, NOTE).
  private static final Pattern RFC_3339 =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?"
              + "([Zz]|([+-])(\\d{2}):(\\d{2}))");
  private static final Pattern WITHOUT_OFFSET =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?");

  // 9999-12-31T23:59:59Z: the last second RFC 3339's four-digit years can write.
  private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(253_402_300_799L);
  private static final long MICROS_PER_SECOND = 1_000_000L;

  private EventTime() {}

  static long micros(JsonNode time) throws MalformedEventException {
    if (time.isTextual()) {
      return fromRfc3339(time.textValue());
    }
    if (time.isNumber()) {
      return fromEpochSeconds(time.decimalValue());
    }
    throw new MalformedEventException(
        "'time' must be an RFC 3339 string or a number of epoch seconds, not " + JsonKind.of(time));
  }

  static long fromRfc3339(String text) throws MalformedEventException {
    Matcher m = RFC_3339.matcher(text);
    if (!m.matches()) {
      throw new MalformedEventException(
          WITHOUT_OFFSET.matcher(text).matches()
              ? "time " + Snippet.quoted(text) + " has no zone offset: add Z for UTC, or +HH:MM"
              : "time "
                  + Snippet.quoted(text)
                  + " is not an RFC 3339 date-time like 2026-11-25T09:00:00.123456Z");
    }
    try {
      LocalDateTime local =
          LocalDateTime.of(
              number(m, 1), number(m, 2), number(m, 3), number(m, 4), number(m, 5), number(m, 6));
      long seconds = local.toEpochSecond(offset(m));
      return seconds * MICROS_PER_SECOND + fractionMicros(m.group(7));
    } catch (DateTimeException e) {
      throw new MalformedEventException(
          "time " + Snippet.quoted(text) + " is not a valid date-time: " + e.getMessage());
    }
  }

  static long fromEpochSeconds(BigDecimal seconds) throws MalformedEventException {
    if (seconds.abs().compareTo(MAX_SECONDS) > 0) {
      throw new MalformedEventException(
          "time " + Snippet.escaped(seconds.toString(), 40) + " is out of range for epoch seconds");
    }
    // Below a microsecond in size: settle it here, because setScale on a number written with an
    // enormous exponent (1e-999999999) would compute a power of ten of that size.
    if (seconds.scale() - seconds.precision() >= 6) {
      return seconds.signum() < 0 ? -1 : 0;
    }
    return seconds.setScale(6, RoundingMode.FLOOR).unscaledValue().longValueExact();
  }

  private static int number(Matcher m, int group) {
    return Integer.parseInt(m.group(group));
  }

  private static ZoneOffset offset(Matcher m) {
    if (m.group(9) == null) {
      return ZoneOffset.UTC;
    }
    int sign = m.group(9).equals("-") ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * number(m, 10), sign * number(m, 11));
  }

  private static long fractionMicros(String digits) {
    if (digits == null) {
      return 0;
    }
    String micros =
        digits.length() >= 6 ? digits.substring(0, 6) : digits + "0".repeat(6 - digits.length());
    return Long.parseLong(micros);
  }
}
