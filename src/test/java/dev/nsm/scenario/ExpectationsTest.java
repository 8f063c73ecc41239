package dev.nsm.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.event.Alert;
import dev.nsm.event.Connection;
import dev.nsm.event.Evidence;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;
import dev.nsm.event.Severity;
import dev.nsm.event.Transport;
import dev.nsm.report.ReportAggregator;
import dev.nsm.report.SecurityReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The matching behind expect, expect_none and expect_report, on alerts made by hand. */
class ExpectationsTest {

  private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

  private static final Alert SCAN = alert("port-scan", Severity.HIGH, "198.51.100.7", 0, 443);
  private static final Alert SCAN_LATER =
      alert("port-scan", Severity.HIGH, "198.51.100.7", 2_000, 8080);
  private static final Alert NOISE = alert("unusual-port", Severity.LOW, "192.0.2.10", 500, 6667);

  private static final List<Alert> ALERTS = List.of(SCAN, NOISE, SCAN_LATER);

  private static final SecurityReport EMPTY_REPORT = new ReportAggregator().snapshot();

  /** Hints from a monitor that saw nothing: the alerts above are made by hand. */
  private static MissingAlertHint HINT;

  @BeforeAll
  static void hintsFromAnIdleMonitor() throws Exception {
    NetworkSecurityMonitor idle = NetworkSecurityMonitor.builder().log(null).alerts(null).build();
    idle.close();
    HINT = new MissingAlertHint(idle, EMPTY_REPORT);
  }

  @Test
  void aMissingAlertSaysWhyFromWhatTheRuleCounted() {
    AlertFilter sweep = filter("port-sweep", "198.51.100.7");

    List<String> differences =
        Expectations.check(
            scenario(List.of(expect(sweep, 1, null)), List.of()), ALERTS, EMPTY_REPORT, HINT);

    assertEquals(1, differences.size(), differences.toString());
    assertTrue(
        differences.get(0).contains("no fact from 198.51.100.7 was counted by port-sweep"),
        differences.get(0));
  }

  @Test
  void anExactCountFailsOnOneTooManyAndOneTooFew() {
    assertEquals(List.of(), check(expect(filter("port-scan", null), 2, 2L)));
    assertEquals(
        List.of("expected exactly 1 alert(s) rule=port-scan, got 2"),
        check(expect(filter("port-scan", null), 1, 1L)));
    assertEquals(
        List.of("expected exactly 3 alert(s) rule=port-scan, got 2"),
        check(expect(filter("port-scan", null), 3, 3L)));
  }

  @Test
  void minAndMaxBoundTheCount() {
    assertEquals(List.of(), check(expect(filter("port-scan", null), 1, null)));
    assertEquals(List.of(), check(expect(filter("port-scan", null), 0, 2L)));
    assertEquals(
        List.of("expected between 0 and 1 alert(s) rule=port-scan, got 2"),
        check(expect(filter("port-scan", null), 0, 1L)));
    assertEquals(
        List.of("expected at least 3 alert(s) rule=port-scan, got 2"),
        check(expect(filter("port-scan", null), 3, null)));
  }

  @Test
  void firstAtComparesTheEarliestMatchWithinTheTolerance() {
    AlertFilter scan = filter("port-scan", "198.51.100.7");
    Instant offBy300 = T0.plusMillis(300);

    assertEquals(List.of(), check(timed(scan, T0, Duration.ZERO)));
    assertEquals(List.of(), check(timed(scan, offBy300, Duration.ofMillis(300))));
    assertEquals(
        List.of(
            "expected the first alert rule=port-scan source=198.51.100.7 at"
                + " 2026-11-25T09:00:00.300Z (± 299 ms), got 2026-11-25T09:00:00Z"),
        check(timed(scan, offBy300, Duration.ofMillis(299))));
  }

  @Test
  void destinationPortAndSeverityNarrowTheMatch() {
    AlertFilter port8080 =
        new AlertFilter("port-scan", null, "203.0.113.10", 8080, Severity.HIGH, null);
    AlertFilter port22 = new AlertFilter("port-scan", null, null, 22, null, null);
    AlertFilter otherHost = new AlertFilter(null, null, "203.0.113.11", null, null, null);

    assertEquals(List.of(SCAN_LATER), matching(port8080));
    assertEquals(List.of(), matching(port22));
    assertEquals(List.of(), matching(otherHost));
  }

  @Test
  void aCidrSourceOrDestinationMatchesEveryAddressInside() {
    assertEquals(List.of(SCAN, SCAN_LATER), matching(filter(null, "198.51.100.0/24")));
    assertEquals(List.of(), matching(filter(null, "198.51.101.0/24")));
    assertEquals(ALERTS, matching(new AlertFilter(null, null, "203.0.113.0/28", null, null, null)));
  }

  @Test
  void expectNoneListsWhatMatchedAndSeverityAtLeastIncludesHigherOnes() {
    AlertFilter nothingMedium = new AlertFilter(null, null, null, null, null, Severity.MEDIUM);
    AlertFilter nothingCritical = new AlertFilter(null, null, null, null, null, Severity.CRITICAL);

    List<String> differences =
        Expectations.check(
            scenario(List.of(), List.of(nothingMedium, nothingCritical)),
            ALERTS,
            EMPTY_REPORT,
            HINT);

    assertEquals(1, differences.size(), differences.toString());
    assertTrue(
        differences.get(0).startsWith("expected no alert severity_at_least=medium, got 2:"),
        differences.toString());
    assertTrue(
        differences.get(0).contains("2026-11-25T09:00:02Z rule=port-scan source=198.51.100.7"),
        differences.toString());
  }

  @Test
  void expectReportComparesEachGivenFigureExactly() {
    ReportAggregator aggregator = new ReportAggregator();
    ALERTS.forEach(aggregator::accept);
    SecurityReport report = aggregator.snapshot();
    ExpectedReport right = new ExpectedReport(Map.of("port-scan", 2L), Map.of(Severity.LOW, 1L));
    ExpectedReport wrong =
        new ExpectedReport(Map.of("unusual-port", 2L), Map.of(Severity.HIGH, 1L));

    assertEquals(List.of(), Expectations.check(scenario(right), ALERTS, report, HINT));
    assertEquals(
        List.of(
            "report: alerts_by_rule.unusual-port expected 2, got 1",
            "report: alerts_by_severity.high expected 1, got 2"),
        Expectations.check(scenario(wrong), ALERTS, report, HINT));
  }

  private static List<Alert> matching(AlertFilter filter) {
    return ALERTS.stream().filter(filter::matches).toList();
  }

  private static List<String> check(Expectation expectation) {
    return check(scenario(List.of(expectation), List.of()));
  }

  /** The first line of each difference; the hint lines after it are {@link MissingAlertHint}'s. */
  private static List<String> check(Scenario scenario) {
    return Expectations.check(scenario, ALERTS, EMPTY_REPORT, HINT).stream()
        .map(difference -> difference.lines().findFirst().orElseThrow())
        .toList();
  }

  private static AlertFilter filter(String rule, String source) {
    return new AlertFilter(rule, source, null, null, null, null);
  }

  private static Expectation expect(AlertFilter filter, long min, Long max) {
    return new Expectation(filter, min, max, null, Duration.ZERO);
  }

  private static Expectation timed(AlertFilter filter, Instant firstAt, Duration tolerance) {
    return new Expectation(filter, 1, null, firstAt, tolerance);
  }

  private static Scenario scenario(List<Expectation> expect, List<AlertFilter> expectNone) {
    return scenario(expect, expectNone, ExpectedReport.NONE);
  }

  private static Scenario scenario(ExpectedReport report) {
    return scenario(List.of(), List.of(), report);
  }

  private static Scenario scenario(
      List<Expectation> expect, List<AlertFilter> expectNone, ExpectedReport report) {
    return new Scenario(
        Path.of("."),
        "by hand",
        List.of(),
        List.of(),
        List.of(),
        null,
        List.of(),
        null,
        null,
        expect,
        expectNone,
        report,
        List.of());
  }

  private static Alert alert(String rule, Severity severity, String source, long ms, int port) {
    long micros = (T0.toEpochMilli() + ms) * 1000;
    Fact fact =
        Connection.of(micros, source, 40000, "203.0.113.10", port, Transport.TCP, Origin.call(1));
    Evidence evidence = new Evidence(1, 1, micros - 60_000_000, micros, List.of(fact), 20, 0);
    return new Alert(
        rule + "-" + ms,
        Fact.millisOf(micros),
        micros,
        rule,
        rule,
        severity,
        source,
        source,
        40000,
        "203.0.113.10",
        port,
        Transport.TCP,
        "by hand",
        evidence,
        0);
  }
}
