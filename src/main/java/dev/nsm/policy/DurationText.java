package dev.nsm.policy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as policies write them: a whole number and a unit ({@code 500ms}, {@code 1s}, {@code
 * 5m}, {@code 2h}, {@code 1d}). The same spelling Drools accepts in {@code window:time(...)} and
 * {@code @expires}, so the engine can put {@link #format} output straight into DRL.
 */
public final class DurationText {

  static final String EXPECTED = "expected a number with a unit: ms, s, m, h, d, e.g. 1s or 5m";

  private static final Pattern FORM = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  private DurationText() {}

  /**
   * Parses {@code 500ms}, {@code 1s}, {@code 5m}, {@code 2h} or {@code 1d}.
   *
   * @throws IllegalArgumentException naming the text and the expected form; a bare number is
   *     refused because "10" could mean seconds or milliseconds
   */
  public static Duration parse(String text) {
    Matcher m = text == null ? null : FORM.matcher(text.strip());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (" + EXPECTED + ")");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /**
   * The shortest exact spelling in the largest unit: 60s gives {@code 1m}, 1500ms {@code 1500ms}.
   */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (millis % sizes[i] == 0) {
        return millis / sizes[i] + units[i];
      }
    }
    return millis + "ms";
  }
}
