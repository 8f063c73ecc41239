package dev.nsm.event;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The closest a source came to firing a rule without firing it: the highest count the rule counted
 * for that source in any of its windows, below the threshold, and when. It answers "why did my rule
 * not fire?" with what the rule itself counted.
 *
 * @param ruleId the rule's {@code @id}
 * @param source the grouping key the rule counted for
 * @param count the highest count reached (at least 1, below {@code threshold})
 * @param threshold the policy's {@code min_count} in force (inclusive)
 * @param window the rule's window as the policy spells it, e.g. {@code 1s}
 * @param peakMicros event time of the fact whose evaluation first reached {@code count}
 * @param origin where that fact came from; {@code null} when it was an alert (a correlating rule)
 */
public record NearMiss(
    String ruleId,
    String source,
    long count,
    long threshold,
    String window,
    long peakMicros,
    Origin origin) {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  public NearMiss {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(window, "window");
  }

  /**
   * {@code 198.51.100.9: 5 of 6 in 1s, peak at 09:00:03.412}, in UTC to the millisecond.
   *
   * @param withDate put the date before the time ({@code 2026-11-25 09:00:03.412}), for output that
   *     may span days
   */
  public String summary(boolean withDate) {
    Instant peak = peakTime();
    return source
        + ": "
        + count
        + " of "
        + threshold
        + " in "
        + window
        + ", peak at "
        + (withDate ? DATE_TIME : TIME).format(peak);
  }

  /** The peak's event time, to the microsecond. */
  public Instant peakTime() {
    return Instant.ofEpochSecond(
        Math.floorDiv(peakMicros, 1_000_000L), Math.floorMod(peakMicros, 1_000_000L) * 1000L);
  }
}
