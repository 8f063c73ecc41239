package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Alert;
import dev.nsm.event.Evidence;
import dev.nsm.event.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiPatternSourceRuleTest {

  private static final String RULE = "multi-pattern-source";
  private static final String SRC = "198.51.100.7";
  private static final String OTHER = "198.51.100.8";
  private static final String DST = "203.0.113.10";
  private static final long MINUTE = 60_000;

  /** One unusual-port alert at {@code at}. */
  private static void unusualPort(RuleHarness h, long at, String src) {
    h.connect(at, src, DST, 4444);
  }

  /** Five failed logins ending at {@code at}: one auth-failures alert there. */
  private static void authFailures(RuleHarness h, long at, String src) {
    for (int i = 4; i >= 0; i--) {
      h.auth(at - i, src, "ssh", false);
    }
  }

  @Test
  void firesOnTheSecondDistinctDetectionAndNamesThem() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    unusualPort(h, 0, SRC);
    assertTrue(h.alerts(RULE).isEmpty(), "one detection alone does not fire it");
    authFailures(h, 30 * MINUTE, SRC);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    Alert alert = alerts.get(0);
    assertEquals(30 * MINUTE, RuleHarness.at(alert));
    assertEquals(Severity.CRITICAL, alert.severity());
    assertEquals(SRC, alert.source());
    assertEquals(SRC, alert.srcIp());
    assertEquals("tripped 2 detections: auth-failures, unusual-port", alert.message());
    Evidence e = alert.evidence();
    assertEquals(2, e.count());
    assertEquals(2, e.threshold());
    assertEquals((alert.timestamp() - 3_600_000L) * 1000 + 999, e.windowStartMicros());
    assertEquals(
        List.of("unusual-port", "auth-failures"),
        e.facts().stream().map(f -> ((Alert) f).ruleId()).toList());
  }

  @Test
  void theSameDetectionTwiceDoesNotFire() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    unusualPort(h, 0, SRC);
    unusualPort(h, 11 * MINUTE, SRC);
    unusualPort(h, 22 * MINUTE, SRC);
    assertEquals(3, h.alerts("unusual-port").size());
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void windowIsHalfOpenSoADetectionExactlyOneHourOldNoLongerCounts() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    unusualPort(h, 0, SRC);
    authFailures(h, 60 * MINUTE, SRC);
    assertEquals(1, h.alerts("auth-failures").size());
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void detectionsOfTwoInterleavedSourcesAreNotAddedUp() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    unusualPort(h, 0, SRC);
    authFailures(h, MINUTE, OTHER);
    assertTrue(h.alerts(RULE).isEmpty());
    authFailures(h, 2 * MINUTE, SRC);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(SRC, alerts.get(0).source());
  }

  @Test
  void aThirdDetectionWithinTheHourIsARepeatCarriedByTheNextAlert() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    unusualPort(h, 0, SRC);
    authFailures(h, MINUTE, SRC);
    for (int i = 0; i < 6; i++) {
      h.connect(2 * MINUTE + i * 10, SRC, DST, 80); // high-frequency
    }
    assertEquals(1, h.alerts("high-frequency").size());
    assertEquals(1, h.alerts(RULE).size());
    assertEquals(1, h.suppressedCount(RULE));
    unusualPort(h, 61 * MINUTE, SRC); // suppression of the correlation ends at 61 min
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(2, alerts.size());
    assertEquals(61 * MINUTE, RuleHarness.at(alerts.get(1)));
    assertEquals(1, alerts.get(1).suppressed());
    assertEquals(
        "tripped 2 detections: high-frequency, unusual-port",
        alerts.get(1).message(),
        "auth-failures at 1 min is exactly an hour old; high-frequency at 2 min still counts");
  }

  @Test
  void ipv6SourcesInOneSlash64AreOneSource() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    unusualPort(h, 0, "2001:db8:1:2::a");
    authFailures(h, MINUTE, "2001:db8:1:2:ffff::9");
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals("2001:db8:1:2::/64", alerts.get(0).source());
    assertEquals("2001:db8:1:2:ffff::9", alerts.get(0).srcIp());
  }

  @Test
  void ipv6SourcesAreCountedPerAddressWithPrefix128() throws Exception {
    RuleHarness h = RuleHarness.withPolicy("ipv6_source_prefix: 128\n");
    unusualPort(h, 0, "2001:db8:1:2::a");
    authFailures(h, MINUTE, "2001:db8:1:2:ffff::9");
    assertEquals(1, h.alerts("unusual-port").size());
    assertEquals(1, h.alerts("auth-failures").size());
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void ipv6SourcesInDifferentSlash64sAreDifferentSources() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    unusualPort(h, 0, "2001:db8:1:2::a");
    authFailures(h, MINUTE, "2001:db8:1:3::a");
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void allowListedSourceTripsTheDetectionsButNotTheCorrelation() throws Exception {
    RuleHarness h =
        RuleHarness.withPolicy("detections:\n  multi-pattern-source:\n    allow: [198.51.100.7]\n");
    unusualPort(h, 0, SRC);
    authFailures(h, MINUTE, SRC);
    assertEquals(1, h.alerts("unusual-port").size());
    assertEquals(1, h.alerts("auth-failures").size());
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void globalAllowListSilencesEverything() throws Exception {
    RuleHarness h = RuleHarness.withPolicy("allow: [198.51.100.7]\n");
    unusualPort(h, 0, SRC);
    authFailures(h, MINUTE, SRC);
    h.flush();
    assertTrue(h.alerts.isEmpty());
  }

  @Test
  void policyOverrideRequiresThreeDetections() throws Exception {
    RuleHarness h =
        RuleHarness.withPolicy("detections:\n  multi-pattern-source:\n    min_count: 3\n");
    unusualPort(h, 0, SRC);
    authFailures(h, MINUTE, SRC);
    assertTrue(h.alerts(RULE).isEmpty());
    for (int i = 0; i < 6; i++) {
      h.connect(2 * MINUTE + i * 10, SRC, DST, 80);
    }
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(3, alerts.get(0).evidence().count());
    assertEquals(2 * MINUTE + 50, RuleHarness.at(alerts.get(0)));
  }

  @Test
  void disabledCorrelationNeverFires() throws Exception {
    RuleHarness h =
        RuleHarness.withPolicy("detections:\n  multi-pattern-source:\n    enabled: false\n");
    unusualPort(h, 0, SRC);
    authFailures(h, MINUTE, SRC);
    assertTrue(h.alerts(RULE).isEmpty());
  }
}
