package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventTimeTest {

  private static long seconds(String number) throws MalformedEventException {
    return EventTime.fromEpochSeconds(new BigDecimal(number));
  }

  @Test
  void epochSecondsBeforeTheEpochRoundTowardsThePast() throws MalformedEventException {
    assertEquals(-1_500_000, seconds("-1.5"));
    assertEquals(-1, seconds("-0.0000001"));
    assertEquals(0, seconds("0.0000009"));
    assertEquals(1_000_000, seconds("1e0"));
  }

  @Test
  void extremeExponentsAreSettledWithoutHugeArithmetic() {
    long micros =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(2), () -> seconds("1e-999999999"));
    assertEquals(0, micros);
    assertThrows(MalformedEventException.class, () -> seconds("1e999999999"));
    assertThrows(MalformedEventException.class, () -> seconds("253402300800"));
  }

  @Test
  void rfc3339AcceptsLowerCaseTAndZAndASpaceAndMinusZeroOffset() throws MalformedEventException {
    long expected = EventTime.fromRfc3339("2026-11-25T09:00:00Z");

    assertEquals(expected, EventTime.fromRfc3339("2026-11-25t09:00:00z"));
    assertEquals(expected, EventTime.fromRfc3339("2026-11-25 09:00:00-00:00"));
  }

  @Test
  void rfc3339RejectsOffsetsBeyondEighteenHoursAndLeapSeconds() {
    assertThrows(
        MalformedEventException.class, () -> EventTime.fromRfc3339("2026-11-25T09:00:00+19:00"));
    assertThrows(
        MalformedEventException.class, () -> EventTime.fromRfc3339("2016-12-31T23:59:60Z"));
    assertThrows(
        MalformedEventException.class, () -> EventTime.fromRfc3339("2026-11-25T09:00:00.Z"));
  }
}
