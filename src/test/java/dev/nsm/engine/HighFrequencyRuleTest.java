package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Alert;
import dev.nsm.event.Severity;
import dev.nsm.event.Transport;
import java.util.List;
import org.junit.jupiter.api.Test;

class HighFrequencyRuleTest {

  private static final String SRC = "198.51.100.7";
  private static final String DST = "203.0.113.10";

  @Test
  void firesOnSixthAttemptWithinOneSecond() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 6; i++) {
      h.connect(i * 150, SRC, DST, 80);
    }
    List<Alert> alerts = h.alerts("high-frequency");
    assertEquals(1, alerts.size());
    Alert alert = alerts.get(0);
    assertEquals(750, RuleHarness.at(alert), "alert time is the sixth attempt's time");
    assertEquals(6, alert.evidence().count());
    assertEquals(6, alert.evidence().threshold());
    assertEquals(6, alert.evidence().facts().size());
    assertEquals(Severity.MEDIUM, alert.severity());
    assertEquals(SRC, alert.source());
  }

  @Test
  void fiveWithinOneSecondDoNotFire() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 5; i++) {
      h.connect(i * 100, SRC, DST, 80);
    }
    h.session.advanceTo(RuleHarness.BASE_MILLIS + 5_000);
    assertTrue(h.alerts("high-frequency").isEmpty());
  }

  @Test
  void sixSpreadOverOnePointTwoSecondsDoNotFire() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 6; i++) {
      h.connect(i * 240, SRC, DST, 80);
    }
    assertTrue(h.alerts("high-frequency").isEmpty());
  }

  @Test
  void windowIsHalfOpenSoAnAttemptExactlyOneSecondOldNoLongerCounts() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    h.connect(0, SRC, DST, 80);
    for (int i = 1; i <= 5; i++) {
      h.connect(200 * i, SRC, DST, 80); // 200 .. 1000: the first is exactly 1 s before the last
    }
    assertTrue(h.alerts("high-frequency").isEmpty());
    h.connect(1000, SRC, DST, 80); // a sixth inside (0, 1000]
    assertEquals(1, h.alerts("high-frequency").size());
  }

  @Test
  void twoInterleavedSourcesAreCountedSeparately() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 10; i++) {
      h.connect(i * 50, i % 2 == 0 ? SRC : "198.51.100.8", DST, 80);
    }
    assertTrue(h.alerts("high-frequency").isEmpty(), "five each");
    h.connect(600, "198.51.100.8", DST, 80);
    List<Alert> alerts = h.alerts("high-frequency");
    assertEquals(1, alerts.size());
    assertEquals("198.51.100.8", alerts.get(0).source());
  }

  @Test
  void countsOnlyTheTransportsThePolicyNames() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 10; i++) {
      h.connect(i * 50, SRC, DST, 53, Transport.UDP);
    }
    assertTrue(h.alerts("high-frequency").isEmpty(), "UDP is not counted by default");
  }

  @Test
  void suppressesRepeatsAndCountsThemOnTheNextAlert() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 20; i++) {
      h.connect(i * 10, SRC, DST, 80);
    }
    assertEquals(1, h.alerts("high-frequency").size());
    long repeats = h.suppressed.stream().filter(s -> s.startsWith("high-frequency ")).count();
    assertEquals(14, repeats, "attempts 7..20 are repeats inside the suppression interval");
    // The interval is [50 ms, 10 min + 50 ms): a burst after it raises again, carrying the repeats.
    for (int i = 0; i < 6; i++) {
      h.connect(600_050 + i * 10, SRC, DST, 80);
    }
    List<Alert> alerts = h.alerts("high-frequency");
    assertEquals(2, alerts.size());
    assertEquals(14, alerts.get(1).suppressed());
  }

  @Test
  void policyWindowAndThresholdChangeTheBehaviourWithoutTouchingTheRule() throws Exception {
    RuleHarness strict =
        RuleHarness.withPolicy(
            "detections:\n  high-frequency:\n    min_count: 3\n    window: 5s\n");
    for (int i = 0; i < 3; i++) {
      strict.connect(i * 2000, SRC, DST, 80); // 3 within 5 s, far apart
    }
    List<Alert> alerts = strict.alerts("high-frequency");
    assertEquals(1, alerts.size());
    assertEquals(3, alerts.get(0).evidence().threshold());
    // Whole-millisecond facts: the window (end - 5 s, end] in ms starts after its last µs.
    assertEquals(
        5_000_000L - 999,
        alerts.get(0).evidence().windowEndMicros() - alerts.get(0).evidence().windowStartMicros());
  }

  @Test
  void allowListedSourceNeverAlerts() throws Exception {
    RuleHarness h =
        RuleHarness.withPolicy("detections:\n  high-frequency:\n    allow: [198.51.100.0/24]\n");
    for (int i = 0; i < 20; i++) {
      h.connect(i * 10, SRC, DST, 80);
    }
    assertTrue(h.alerts("high-frequency").isEmpty());
  }
}
