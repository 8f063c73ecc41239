package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Alert;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Evidence;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;
import dev.nsm.event.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BruteForceSuccessRuleTest {

  private static final String RULE = "brute-force-success";
  private static final String SRC = "198.51.100.7";
  private static final String OTHER = "198.51.100.8";
  private static final long MINUTE = 60_000;

  @Test
  void firesOnASuccessAfterFiveFailuresOfTheSameService() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    List<Fact> facts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      facts.add(h.auth(i * MINUTE, SRC, "ssh", "root", false));
    }
    AuthAttempt success = h.auth(5 * MINUTE, SRC, "ssh", "root", true);
    facts.add(success);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    Alert alert = alerts.get(0);
    assertEquals(5 * MINUTE, RuleHarness.at(alert), "the success crossed it");
    assertEquals(Severity.CRITICAL, alert.severity());
    assertEquals(SRC, alert.source());
    assertEquals("successful ssh login as 'root' after 5 failures within 600 s", alert.message());
    Evidence e = alert.evidence();
    assertEquals(5, e.count());
    assertEquals(5, e.threshold());
    assertEquals(success.micros(), e.windowEndMicros());
    assertEquals((success.timestamp() - 600_000L) * 1000 + 999, e.windowStartMicros());
    assertEquals(facts, e.facts(), "the failures, then the success");
  }

  @Test
  void aSuccessAfterOnlyFourFailuresDoesNotFire() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 4; i++) {
      h.auth(i * 1000, SRC, "ssh", false);
    }
    h.auth(5000, SRC, "ssh", true);
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void failuresWithoutASuccessDoNotFire() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 20; i++) {
      h.auth(i * 1000, SRC, "ssh", false);
    }
    h.advance(30 * MINUTE);
    assertTrue(h.alerts(RULE).isEmpty());
    assertEquals(1, h.alerts("auth-failures").size());
  }

  @Test
  void failuresAgainstAnotherServiceDoNotCount() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 4; i++) {
      h.auth(i * 1000, SRC, "ssh", false);
    }
    for (int i = 0; i < 10; i++) {
      h.auth(10_000 + i * 1000, SRC, "ftp", false);
    }
    h.auth(30_000, SRC, "ssh", true);
    assertTrue(h.alerts(RULE).isEmpty());
    h.auth(31_000, SRC, "ftp", true);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(10, alerts.get(0).evidence().count());
  }

  @Test
  void failuresOfAnotherSourceDoNotCount() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 10; i++) {
      h.auth(i * 1000, i < 8 && i % 2 == 0 ? SRC : OTHER, "ssh", false); // 4 and 6, interleaved
    }
    h.auth(11_000, SRC, "ssh", true);
    assertTrue(h.alerts(RULE).isEmpty());
    h.auth(12_000, OTHER, "ssh", true);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(OTHER, alerts.get(0).source());
    assertEquals(6, alerts.get(0).evidence().count());
  }

  @Test
  void failuresOlderThanTheWindowDoNotCount() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 5; i++) {
      h.auth(i * MINUTE, SRC, "ssh", false); // 0 .. 4 min
    }
    h.auth(10 * MINUTE, SRC, "ssh", true); // the first failure is exactly 10 min old
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void failuresAfterTheSuccessDoNotCount() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 4; i++) {
      h.auth(i * 1000, SRC, "ssh", false);
    }
    h.auth(10_000, SRC, "ssh", true);
    h.auth(10_001, SRC, "ssh", false);
    h.advance(20 * MINUTE);
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void aFailureLaterInTheSameMillisecondAsTheSuccessDoesNotCount() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 4; i++) {
      h.auth(i * 1000, SRC, "ssh", false);
    }
    long micros = (RuleHarness.BASE_MILLIS + 10_000) * 1000L;
    h.session.insert(attempt(micros + 100, AuthOutcome.SUCCESS));
    h.session.insert(attempt(micros + 900, AuthOutcome.FAILURE));
    h.advance(20 * MINUTE);
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void aSecondSuccessIsARepeatAndTheNextAlertCarriesIt() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 5; i++) {
      h.auth(i * 1000, SRC, "ssh", false);
    }
    h.auth(5000, SRC, "ssh", true);
    h.auth(6000, SRC, "ssh", true);
    assertEquals(1, h.alerts(RULE).size());
    assertEquals(1, h.suppressedCount(RULE));
    for (int i = 0; i < 5; i++) {
      h.auth(12 * MINUTE + i * 1000, SRC, "ssh", false); // the first five are out of the window
    }
    h.auth(12 * MINUTE + 5000, SRC, "ssh", true);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(2, alerts.size());
    assertEquals(5, alerts.get(1).evidence().count());
    assertEquals(1, alerts.get(1).suppressed());
  }

  @Test
  void allowListsSilenceTheSource() throws Exception {
    RuleHarness perDetection =
        RuleHarness.withPolicy(
            "detections:\n  brute-force-success:\n    allow: [198.51.100.0/24]\n");
    for (int i = 0; i < 5; i++) {
      perDetection.auth(i * 1000, SRC, "ssh", false);
    }
    perDetection.auth(5000, SRC, "ssh", true);
    assertTrue(perDetection.alerts(RULE).isEmpty());
    assertEquals(1, perDetection.alerts("auth-failures").size(), "only this detection is off");
    RuleHarness global = RuleHarness.withPolicy("allow: [198.51.100.7]\n");
    for (int i = 0; i < 5; i++) {
      global.auth(i * 1000, SRC, "ssh", false);
    }
    global.auth(5000, SRC, "ssh", true);
    global.flush();
    assertTrue(global.alerts.isEmpty());
  }

  @Test
  void policyOverrideChangesThresholdAndWindow() throws Exception {
    RuleHarness h =
        RuleHarness.withPolicy(
            "detections:\n  brute-force-success:\n    min_count: 3\n    window: 1h\n");
    for (int i = 0; i < 3; i++) {
      h.auth(i * 20 * MINUTE, SRC, "ssh", null, false); // 0, 20, 40 min
    }
    h.auth(59 * MINUTE, SRC, "ssh", null, true);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals("successful ssh login after 3 failures within 3600 s", alerts.get(0).message());
  }

  private static AuthAttempt attempt(long micros, AuthOutcome outcome) {
    return AuthAttempt.of(
        micros, SRC, "203.0.113.10", 22, "ssh", "alice", outcome, Origin.call(micros));
  }
}
