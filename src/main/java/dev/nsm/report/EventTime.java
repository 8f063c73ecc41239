package dev.nsm.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Event times in epoch microseconds, as instants and as RFC 3339 text with six fraction digits. */
final class EventTime {

  private static final DateTimeFormatter RFC_3339_MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private EventTime() {}

  static Instant instant(long epochMicros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1000L);
  }

  /** "2026-11-25T08:40:01.123456Z". */
  static String format(long epochMicros) {
    return format(instant(epochMicros));
  }

  /** "2026-11-25T08:40:01.123456Z"; nanoseconds beyond the microsecond are dropped. */
  static String format(Instant instant) {
    return RFC_3339_MICROS.format(instant);
  }
}
