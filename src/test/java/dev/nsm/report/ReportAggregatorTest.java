package dev.nsm.report;

import static dev.nsm.report.TestFacts.MINUTE;
import static dev.nsm.report.TestFacts.SECOND;
import static dev.nsm.report.TestFacts.T0;
import static dev.nsm.report.TestFacts.alert;
import static dev.nsm.report.TestFacts.connection;
import static dev.nsm.report.TestFacts.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReportAggregatorTest {

  private final ReportAggregator aggregator = new ReportAggregator();

  @Test
  void countsFactsByKindTheirEventTimeSpanAndLateOnes() {
    aggregator.onFact(connection(T0 + 5 * SECOND, "198.51.100.1", 22));
    aggregator.onFact(connection(T0, "198.51.100.2", 80));
    var late = login(T0 - SECOND, "198.51.100.1", "root", AuthOutcome.FAILURE);
    aggregator.onFact(late);
    aggregator.onLate(late);
    SecurityReport report = aggregator.snapshot();
    assertEquals(
        Map.of("auth_attempt", 1L, "connection", 2L, "connection_outcome", 0L),
        report.factsByKind());
    assertEquals(Instant.parse("2026-11-25T08:40:00.123456Z"), report.firstEvent());
    assertEquals(Instant.parse("2026-11-25T08:40:06.123456Z"), report.lastEvent());
    assertEquals(1, report.lateFacts());
  }

  @Test
  void reportsNoEventTimeSpanBeforeAnyFact() {
    SecurityReport report = aggregator.snapshot();
    assertNull(report.firstEvent());
    assertEquals(
        Map.of("auth_attempt", 0L, "connection", 0L, "connection_outcome", 0L),
        report.factsByKind());
  }

  @Test
  void countsAlertsByRuleBySeverityAndPerMinute() {
    aggregator.accept(alert("port-scan", Severity.HIGH, "198.51.100.1", T0));
    aggregator.accept(alert("port-scan", Severity.HIGH, "198.51.100.2", T0 + SECOND));
    aggregator.accept(alert("brute-force", Severity.MEDIUM, "198.51.100.1", T0 + 2 * MINUTE));
    SecurityReport report = aggregator.snapshot();
    assertEquals(3, report.alertsTotal());
    assertEquals(List.of("brute-force", "port-scan"), List.copyOf(report.alertsByRule().keySet()));
    assertEquals(Map.of("brute-force", 1L, "port-scan", 2L), report.alertsByRule());
    assertEquals(
        Map.of(Severity.LOW, 0L, Severity.MEDIUM, 1L, Severity.HIGH, 2L, Severity.CRITICAL, 0L),
        report.alertsBySeverity());
    assertEquals(
        List.of(Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL),
        List.copyOf(report.alertsBySeverity().keySet()));
    assertEquals(
        Map.of(
            Instant.parse("2026-11-25T08:40:00Z"), 2L, Instant.parse("2026-11-25T08:42:00Z"), 1L),
        report.alertsPerMinute());
  }

  @Test
  void listsRulesInForceThatNeverFiredWithZeroAlerts() {
    aggregator.setRuleset("sha256:abc", List.of("port-scan", "brute-force", "port-scan"));
    aggregator.accept(alert("port-scan", Severity.HIGH, "198.51.100.1", T0));
    SecurityReport report = aggregator.snapshot();
    assertEquals("sha256:abc", report.rulesetHash());
    assertEquals(List.of("brute-force", "port-scan"), report.ruleIds());
    assertEquals(Map.of("brute-force", 0L, "port-scan", 1L), report.alertsByRule());
  }

  @Test
  void countsSuppressedRepeatsByRuleAndBySource() {
    aggregator.accept(alert("port-scan", Severity.HIGH, "198.51.100.1", T0));
    aggregator.onSuppressed("port-scan", "198.51.100.1");
    aggregator.onSuppressed("port-scan", "198.51.100.1");
    aggregator.onSuppressed("brute-force", "198.51.100.9");
    SecurityReport report = aggregator.snapshot();
    assertEquals(Map.of("brute-force", 1L, "port-scan", 2L), report.suppressedByRule());
    assertEquals(3, report.suppressedTotal());
    assertEquals(2, report.suspiciousActivity().get("198.51.100.1").suppressed());
  }

  @Test
  void countsMalformedLinesPerInputAndKeepsTheFirstTwentyExamples() {
    for (int line = 1; line <= 25; line++) {
      aggregator.onMalformed("auth.log", line, "no timestamp");
    }
    aggregator.onMalformed("events.jsonl", 7, "unknown field");
    SecurityReport report = aggregator.snapshot();
    assertEquals(Map.of("auth.log", 25L, "events.jsonl", 1L), report.malformedByInput());
    assertEquals(26, report.malformedTotal());
    assertEquals(20, report.malformedExamples().size());
    assertEquals(
        new MalformedLine("auth.log", 1, "no timestamp"), report.malformedExamples().get(0));
  }

  @Test
  void summarizesWhatEachAlertingSourceDid() {
    String source = "198.51.100.23";
    aggregator.onFact(connection(T0, source, 22));
    aggregator.onFact(connection(T0 + SECOND, source, 22));
    aggregator.onFact(connection(T0 + 2 * SECOND, source, 65535));
    aggregator.onFact(connection(T0 + 3 * SECOND, source, 0));
    aggregator.onFact(login(T0 + 4 * SECOND, source, "root", AuthOutcome.FAILURE));
    aggregator.onFact(login(T0 + 5 * SECOND, source, "root", AuthOutcome.SUCCESS));
    aggregator.accept(alert("port-scan", Severity.HIGH, source, T0 + 6 * SECOND));
    aggregator.accept(alert("brute-force", Severity.MEDIUM, source, T0 + 7 * SECOND));
    SourceSummary summary = aggregator.snapshot().suspiciousActivity().get(source);
    assertEquals(Instant.parse("2026-11-25T08:40:01.123456Z"), summary.firstSeen());
    assertEquals(Instant.parse("2026-11-25T08:40:08.123456Z"), summary.lastSeen());
    assertEquals(4, summary.connectionAttempts());
    assertEquals(2, summary.distinctDestinationPorts());
    assertEquals(1, summary.authFailures());
    assertEquals(1, summary.authSuccesses());
    assertEquals(Set.of("brute-force", "port-scan"), summary.detections());
    assertEquals(List.of("brute-force", "port-scan"), List.copyOf(summary.detections()));
    assertEquals(2, summary.alerts());
    assertEquals(75, summary.riskScore());
  }

  @Test
  void riskScoreWeighsEachDistinctDetectionByItsHighestSeverity() {
    aggregator.accept(alert("port-scan", Severity.LOW, "a", T0));
    aggregator.accept(alert("port-scan", Severity.HIGH, "a", T0 + 1));
    aggregator.accept(alert("port-scan", Severity.LOW, "a", T0 + 2));
    aggregator.accept(alert("brute-force", Severity.MEDIUM, "a", T0 + 3));
    aggregator.accept(alert("brute-force", Severity.MEDIUM, "a", T0 + 4));
    aggregator.accept(alert("odd-hours", Severity.LOW, "b", T0));
    aggregator.accept(alert("odd-hours", Severity.LOW, "b", T0 + 1));
    Map<String, SourceSummary> sources = aggregator.snapshot().suspiciousActivity();
    assertEquals(50 + 25, sources.get("a").riskScore());
    assertEquals(10, sources.get("b").riskScore());
  }

  @Test
  void riskScoreIsCappedAtOneHundred() {
    aggregator.accept(alert("exfiltration", Severity.CRITICAL, "a", T0));
    aggregator.accept(alert("odd-hours", Severity.LOW, "a", T0));
    assertEquals(100, aggregator.snapshot().suspiciousActivity().get("a").riskScore());
  }

  @Test
  void listsSuspiciousSourcesByRiskThenNameAndOnlyThoseThatAlerted() {
    aggregator.onFact(connection(T0, "quiet", 80));
    aggregator.accept(alert("odd-hours", Severity.LOW, "zeta", T0));
    aggregator.accept(alert("odd-hours", Severity.LOW, "alpha", T0));
    aggregator.accept(alert("port-scan", Severity.HIGH, "mid", T0));
    SecurityReport report = aggregator.snapshot();
    assertEquals(
        List.of("mid", "alpha", "zeta"),
        report.suspiciousSources().stream().map(SourceSummary::source).toList());
    assertEquals(
        List.of("mid", "alpha", "zeta"), List.copyOf(report.suspiciousActivity().keySet()));
  }

  @Test
  void topSourcesAreTheTenWithMostAlertsThenHighestRiskThenName() {
    for (int i = 0; i < 12; i++) {
      aggregator.accept(alert("odd-hours", Severity.LOW, String.format("src-%02d", i), T0));
    }
    aggregator.accept(alert("odd-hours", Severity.LOW, "src-11", T0 + 1));
    aggregator.accept(alert("port-scan", Severity.HIGH, "src-10", T0));
    aggregator.accept(alert("odd-hours", Severity.LOW, "src-09", T0 + 1));
    List<String> top =
        aggregator.snapshot().topSources().stream().map(SourceSummary::source).toList();
    assertEquals(
        List.of(
            "src-10", "src-09", "src-11", "src-00", "src-01", "src-02", "src-03", "src-04",
            "src-05", "src-06"),
        top);
  }

  @Test
  void tracksAtMostTheCapEvictingQuietSourcesButKeepingAlertingOnes() {
    int cap = 100;
    ReportAggregator bounded = new ReportAggregator(cap);
    for (int i = 0; i < 5; i++) {
      bounded.onFact(connection(T0, "attacker-" + i, 22));
      bounded.accept(alert("port-scan", Severity.HIGH, "attacker-" + i, T0));
    }
    for (int i = 0; i < 3 * cap; i++) {
      bounded.onFact(connection(T0 + i, "10.0." + (i / 256) + "." + (i % 256), 443));
      assertTrue(bounded.trackedSources() <= cap, "tracked sources exceeded the cap");
    }
    SecurityReport report = bounded.snapshot();
    assertEquals(cap, report.trackedSources());
    assertEquals(3 * cap + 5 - cap, report.evictedSources());
    assertEquals(5, report.suspiciousSources().size());
    assertEquals(1, report.suspiciousActivity().get("attacker-0").connectionAttempts());
  }

  @Test
  void evictsTheQuietSourceTouchedLongestAgo() {
    ReportAggregator bounded = new ReportAggregator(3);
    bounded.onFact(connection(T0, "a", 22));
    bounded.onFact(connection(T0, "b", 22));
    bounded.onFact(connection(T0, "c", 22));
    bounded.onFact(connection(T0 + 1, "a", 23));
    bounded.onFact(connection(T0 + 2, "d", 22));
    bounded.accept(alert("port-scan", Severity.HIGH, "a", T0 + 3));
    bounded.accept(alert("port-scan", Severity.HIGH, "b", T0 + 3));
    Map<String, SourceSummary> sources = bounded.snapshot().suspiciousActivity();
    assertEquals(2, sources.get("a").connectionAttempts(), "a was touched recently: kept");
    assertEquals(0, sources.get("b").connectionAttempts(), "b was the eldest: evicted");
  }

  @Test
  void doesNotTrackANewQuietSourceWhenEveryTrackedSourceHasAlerts() {
    ReportAggregator bounded = new ReportAggregator(2);
    bounded.accept(alert("port-scan", Severity.HIGH, "a", T0));
    bounded.accept(alert("port-scan", Severity.HIGH, "b", T0));
    bounded.onFact(connection(T0, "c", 22));
    SecurityReport report = bounded.snapshot();
    assertEquals(2, report.trackedSources());
    assertEquals(1, report.evictedSources());
    assertEquals(1, report.factsByKind().get("connection"), "the fact itself is still counted");
  }

  @Test
  void snapshotIsNotChangedByLaterEvents() {
    aggregator.accept(alert("port-scan", Severity.HIGH, "a", T0));
    SecurityReport before = aggregator.snapshot();
    String text = before.toString();
    aggregator.accept(alert("port-scan", Severity.HIGH, "a", T0 + 1));
    aggregator.onMalformed("auth.log", 1, "bad");
    assertEquals(1, before.alertsTotal());
    assertEquals(1, before.suspiciousActivity().get("a").alerts());
    assertEquals(text, before.toString());
    assertThrows(UnsupportedOperationException.class, () -> before.alertsByRule().put("x", 1L));
  }

  @Test
  void refusesACapBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> new ReportAggregator(0));
  }
}
