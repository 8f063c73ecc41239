package dev.nsm.scenario;

import dev.nsm.event.Alert;
import dev.nsm.event.Severity;
import dev.nsm.report.SecurityReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Compares the alerts and report of a run with a scenario's expect, expect_none, expect_report. */
final class Expectations {

  /** How many unexpected alerts a difference lists before it only counts the rest. */
  private static final int SHOWN = 3;

  private Expectations() {}

  static List<String> check(
      Scenario scenario, List<Alert> alerts, SecurityReport report, MissingAlertHint hint) {
    List<String> differences = new ArrayList<>();
    for (Expectation expected : scenario.expect()) {
      expected(expected, alerts, hint, differences);
    }
    for (AlertFilter forbidden : scenario.expectNone()) {
      List<Alert> matching = alerts.stream().filter(forbidden::matches).toList();
      if (!matching.isEmpty()) {
        StringBuilder text =
            new StringBuilder("expected no alert " + forbidden + ", got " + matching.size() + ":");
        matching.stream().limit(SHOWN).forEach(a -> text.append("\n  ").append(describe(a)));
        if (matching.size() > SHOWN) {
          text.append("\n  ... and ").append(matching.size() - SHOWN).append(" more");
        }
        differences.add(text.toString());
      }
    }
    report(scenario.expectReport(), report, differences);
    return differences;
  }

  private static void expected(
      Expectation expected, List<Alert> alerts, MissingAlertHint hint, List<String> out) {
    List<Alert> matching = alerts.stream().filter(expected.filter()::matches).toList();
    int count = matching.size();
    if (count < expected.min() || (expected.max() != null && count > expected.max())) {
      String text =
          "expected " + bounds(expected) + " alert(s) " + expected.filter() + ", got " + count;
      if (count == 0) {
        text += seenInstead(expected.filter(), alerts);
      }
      String why = hint.forMissing(expected.filter(), alerts);
      if (why != null) {
        text += "\n  " + why.replace("\n", "\n  ");
      }
      out.add(text);
    }
    if (expected.firstAt() != null && !matching.isEmpty()) {
      Instant first = time(matching.get(0));
      Duration off = Duration.between(expected.firstAt(), first).abs();
      if (off.compareTo(expected.tolerance()) > 0) {
        out.add(
            "expected the first alert "
                + expected.filter()
                + " at "
                + expected.firstAt()
                + " (± "
                + expected.tolerance().toMillis()
                + " ms), got "
                + first);
      }
    }
  }

  /** For a missing alert: what was raised for the same rule or the same source instead. */
  private static String seenInstead(AlertFilter filter, List<Alert> alerts) {
    Map<String, Integer> seen = new TreeMap<>();
    for (Alert alert : alerts) {
      boolean sameRule = filter.rule() != null && filter.rule().equals(alert.ruleId());
      boolean sameSource = filter.source() != null && filter.matchesSource(alert);
      if (sameRule || sameSource) {
        seen.merge(
            "rule="
                + alert.ruleId()
                + " source="
                + alert.source()
                + " severity="
                + alert.severity().label(),
            1,
            Integer::sum);
      }
    }
    if (seen.isEmpty()) {
      return " (nothing for this rule or source was raised)";
    }
    StringBuilder text = new StringBuilder("; seen instead:");
    seen.forEach((what, n) -> text.append("\n  ").append(n).append(" × ").append(what));
    return text.toString();
  }

  private static void report(ExpectedReport expected, SecurityReport actual, List<String> out) {
    expected
        .alertsByRule()
        .forEach(
            (rule, count) -> {
              long got = actual.alertsByRule().getOrDefault(rule, 0L);
              if (got != count) {
                out.add("report: alerts_by_rule." + rule + " expected " + count + ", got " + got);
              }
            });
    for (Map.Entry<Severity, Long> entry : expected.alertsBySeverity().entrySet()) {
      long got = actual.alertsBySeverity().getOrDefault(entry.getKey(), 0L);
      if (got != entry.getValue()) {
        out.add(
            "report: alerts_by_severity."
                + entry.getKey().label()
                + " expected "
                + entry.getValue()
                + ", got "
                + got);
      }
    }
  }

  private static String bounds(Expectation expected) {
    if (expected.max() == null) {
      return "at least " + expected.min();
    }
    if (expected.max() == expected.min()) {
      return "exactly " + expected.min();
    }
    return "between " + expected.min() + " and " + expected.max();
  }

  private static String describe(Alert alert) {
    return time(alert)
        + " rule="
        + alert.ruleId()
        + " source="
        + alert.source()
        + (alert.dstIp() == null ? "" : " destination=" + alert.dstIp())
        + " severity="
        + alert.severity().label();
  }

  private static Instant time(Alert alert) {
    return Instant.EPOCH.plusNanos(alert.micros() * 1_000L);
  }
}
