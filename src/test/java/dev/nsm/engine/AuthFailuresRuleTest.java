package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Alert;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Evidence;
import dev.nsm.event.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthFailuresRuleTest {

  private static final String RULE = "auth-failures";
  private static final String SRC = "198.51.100.7";
  private static final String OTHER = "198.51.100.8";
  private static final long MINUTE = 60_000;

  @Test
  void fourFailuresWithinFiveMinutesDoNotFire() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 4; i++) {
      h.auth(i * MINUTE, SRC, "ssh", false);
    }
    h.advance(30 * MINUTE);
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void firesOnTheFifthFailureAtItsEventTime() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    List<AuthAttempt> failures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      failures.add(h.auth(i * MINUTE, SRC, "ssh", "root", false)); // 0 .. 4 min
    }
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    Alert alert = alerts.get(0);
    assertEquals(4 * MINUTE, RuleHarness.at(alert));
    assertEquals(Severity.HIGH, alert.severity());
    assertEquals(SRC, alert.source());
    assertEquals("5 failed logins within 300 s, last ssh as 'root'", alert.message());
    Evidence e = alert.evidence();
    assertEquals(5, e.count());
    assertEquals(5, e.threshold());
    assertEquals(failures.get(4).micros(), e.windowEndMicros());
    assertEquals((failures.get(4).timestamp() - 300_000L) * 1000 + 999, e.windowStartMicros());
    assertEquals(failures, e.facts());
    assertEquals(0, e.omitted());
  }

  @Test
  void aSixthFailureIsARepeatNotASecondAlert() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 6; i++) {
      h.auth(i * 1000, SRC, "ssh", false);
    }
    assertEquals(1, h.alerts(RULE).size());
    assertEquals(1, h.suppressedCount(RULE));
  }

  @Test
  void windowIsHalfOpenSoAFailureExactlyFiveMinutesOldNoLongerCounts() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 5; i++) {
      h.auth(i * 75_000, SRC, "ssh", false); // 0 .. 300 s: the first is exactly 5 min old
    }
    assertTrue(h.alerts(RULE).isEmpty());
    h.auth(300_000, SRC, "ssh", false);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(5, alerts.get(0).evidence().count());
  }

  @Test
  void successfulLoginsAreNotCounted() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 4; i++) {
      h.auth(i * 1000, SRC, "ssh", false);
      h.auth(i * 1000 + 500, SRC, "ssh", true);
    }
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void failuresAreCountedAcrossServices() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 3; i++) {
      h.auth(i * 1000, SRC, "ssh", false);
    }
    h.auth(3000, SRC, "ftp", "anonymous", false);
    h.auth(4000, SRC, "imap", null, false);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals("5 failed logins within 300 s, last imap", alerts.get(0).message());
  }

  @Test
  void twoInterleavedSourcesAreCountedSeparately() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 8; i++) {
      h.auth(i * 1000, i % 2 == 0 ? SRC : OTHER, "ssh", false);
    }
    assertTrue(h.alerts(RULE).isEmpty(), "four each");
    h.auth(9000, OTHER, "ssh", false);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(OTHER, alerts.get(0).source());
    assertTrue(alerts.get(0).evidence().facts().stream().allMatch(f -> f.source().equals(OTHER)));
  }

  @Test
  void evidenceIsCappedWithTheOmittedCountStated() throws Exception {
    RuleHarness h = RuleHarness.withPolicy("detections:\n  auth-failures:\n    min_count: 23\n");
    AuthAttempt last = null;
    for (int i = 0; i < 23; i++) {
      last = h.auth(i * 1000, SRC, "ssh", false);
    }
    Evidence e = h.alerts(RULE).get(0).evidence();
    assertEquals(23, e.count());
    assertEquals(AlertRaiser.EVIDENCE_CAP, e.facts().size());
    assertEquals(3, e.omitted());
    assertSame(last, e.facts().get(AlertRaiser.EVIDENCE_CAP - 1));
  }

  @Test
  void suppressionCarriesRepeatsToTheNextAlertAfterTenMinutes() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 8; i++) {
      h.auth(i * 1000, SRC, "ssh", false); // alert at 4 s, three repeats
    }
    for (int i = 0; i < 5; i++) {
      h.auth(4000 + 10 * MINUTE - 1 + i, SRC, "ssh", false); // 1st still suppressed
    }
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(2, alerts.size());
    assertEquals(4003 + 10 * MINUTE, RuleHarness.at(alerts.get(1)), "the fifth within 5 min");
    assertEquals(4, alerts.get(1).suppressed());
  }

  @Test
  void allowListsSilenceTheSource() throws Exception {
    RuleHarness perDetection =
        RuleHarness.withPolicy("detections:\n  auth-failures:\n    allow: [198.51.100.0/28]\n");
    RuleHarness global = RuleHarness.withPolicy("allow: [198.51.100.7/32]\n");
    for (RuleHarness h : List.of(perDetection, global)) {
      for (int i = 0; i < 10; i++) {
        h.auth(i * 1000, SRC, "ssh", false);
      }
      assertTrue(h.alerts(RULE).isEmpty());
      for (int i = 0; i < 5; i++) {
        h.auth(20_000 + i, "198.51.100.200", "ssh", false);
      }
      assertEquals(1, h.alerts(RULE).size(), "sources outside the allow-list still alert");
    }
  }

  @Test
  void policyOverrideChangesThresholdWindowAndSeverity() throws Exception {
    RuleHarness h =
        RuleHarness.withPolicy(
            "detections:\n  auth-failures:\n    min_count: 3\n    window: 1m\n"
                + "    severity: critical\n");
    h.auth(0, SRC, "ssh", false);
    h.auth(30_000, SRC, "ssh", false);
    h.auth(60_000, SRC, "ssh", false); // first is a minute old
    assertTrue(h.alerts(RULE).isEmpty());
    h.auth(61_000, SRC, "ssh", false);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(Severity.CRITICAL, alerts.get(0).severity());
    assertEquals(3, alerts.get(0).evidence().threshold());
    assertEquals("3 failed logins within 60 s, last ssh as 'alice'", alerts.get(0).message());
  }

  @Test
  void disabledDetectionNeverFires() throws Exception {
    RuleHarness h = RuleHarness.withPolicy("detections:\n  auth-failures:\n    enabled: false\n");
    for (int i = 0; i < 10; i++) {
      h.auth(i * 1000, SRC, "ssh", false);
    }
    assertTrue(h.alerts(RULE).isEmpty());
  }
}
