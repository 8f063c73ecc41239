package dev.nsm.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

  @Test
  void everyUnitParses() {
    assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
    assertEquals(Duration.ofSeconds(1), DurationText.parse("1s"));
    assertEquals(Duration.ofMinutes(5), DurationText.parse("5m"));
    assertEquals(Duration.ofHours(2), DurationText.parse("2h"));
    assertEquals(Duration.ofDays(1), DurationText.parse("1d"));
  }

  @Test
  void textWithoutAUnitIsRejected() {
    for (String bad : new String[] {"10", "1.5s", "-1s", "5 min", "1h30m", "", "s"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> DurationText.parse(bad), bad);
      assertEquals(
          "'" + bad + "' is not a duration (" + DurationText.EXPECTED + ")", e.getMessage());
    }
  }

  @Test
  void formatUsesTheLargestExactUnit() {
    assertEquals("1m", DurationText.format(Duration.ofSeconds(60)));
    assertEquals("90s", DurationText.format(Duration.ofSeconds(90)));
    assertEquals("1500ms", DurationText.format(Duration.ofMillis(1500)));
    assertEquals("1d", DurationText.format(Duration.ofHours(24)));
    assertEquals("0s", DurationText.format(Duration.ZERO));
  }
}
