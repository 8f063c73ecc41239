package dev.nsm.report;

import dev.nsm.event.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;

/**
 * The report as aligned text for a terminal: a heading, the totals, then one table per section.
 * Deterministic: event times in UTC, plain digits, every list sorted. Text that an attacker or a
 * user controls goes through {@link LogText#escape} (in {@link TextTable} and {@link #field}).
 */
final class TextReportRenderer {

  private static final int LABEL_WIDTH = 20;
  private static final int BAR_WIDTH = 40;
  private static final String INDENT = "  ";

  private TextReportRenderer() {}

  static String render(SecurityReport report) {
    StringBuilder out = new StringBuilder(4096);
    out.append("nsm security report\n").append("===================\n\n");
    appendTotals(out, report);
    appendSeverities(out, report);
    appendRules(out, report);
    appendTopSources(out, report);
    appendSuspiciousActivity(out, report);
    appendTimeline(out, report);
    appendMalformed(out, report);
    appendInputs(out, report);
    if (report.nearMisses() != null) {
      NearMissSection.text(out, report.nearMisses());
    }
    if (report.explanations() != null) {
      ExplanationSection.text(out, report.explanations());
    }
    return out.toString();
  }

  private static void appendTotals(StringBuilder out, SecurityReport report) {
    field(
        out,
        "Ruleset",
        report.rulesetHash() == null
            ? "not recorded"
            : report.rulesetHash() + " (" + report.ruleIds().size() + " rules)");
    field(
        out,
        "Event time",
        report.firstEvent() == null
            ? "no facts"
            : time(report.firstEvent()) + " .. " + time(report.lastEvent()));
    long facts = report.factsByKind().values().stream().mapToLong(Long::longValue).sum();
    StringBuilder byKind = new StringBuilder();
    report
        .factsByKind()
        .forEach(
            (kind, count) ->
                byKind
                    .append(byKind.length() == 0 ? "" : ", ")
                    .append(kind)
                    .append(' ')
                    .append(count));
    field(out, "Facts processed", facts + " (" + byKind + ")");
    field(out, "Late facts", String.valueOf(report.lateFacts()));
    field(out, "Malformed lines", String.valueOf(report.malformedTotal()));
    field(out, "Alerts", String.valueOf(report.alertsTotal()));
    field(out, "Suppressed repeats", String.valueOf(report.suppressedTotal()));
    field(
        out,
        "Sources tracked",
        report.trackedSources() + " (evicted " + report.evictedSources() + ")");
  }

  private static void appendSeverities(StringBuilder out, SecurityReport report) {
    TextTable table = new TextTable().left("SEVERITY").right("ALERTS");
    for (Severity severity : Severity.values()) {
      table.row(severity.label(), report.alertsBySeverity().get(severity));
    }
    section(out, "Alerts by severity", table);
  }

  private static void appendRules(StringBuilder out, SecurityReport report) {
    TextTable table = new TextTable().left("RULE").right("ALERTS").right("SUPPRESSED");
    // A rule may have suppressed repeats and no alert of its own if the engine counted them
    // against an alert the report never saw; it is listed all the same.
    TreeSet<String> rules = new TreeSet<>(report.alertsByRule().keySet());
    rules.addAll(report.suppressedByRule().keySet());
    for (String rule : rules) {
      table.row(
          rule,
          report.alertsByRule().getOrDefault(rule, 0L),
          report.suppressedByRule().getOrDefault(rule, 0L));
    }
    section(out, "Alerts by rule", table);
  }

  private static void appendTopSources(StringBuilder out, SecurityReport report) {
    TextTable table =
        new TextTable().left("SOURCE").right("ALERTS").right("RISK").left("DETECTIONS");
    for (SourceSummary source : report.topSources()) {
      table.row(
          source.source(),
          source.alerts(),
          source.riskScore(),
          String.join(",", source.detections()));
    }
    section(out, "Top sources", table);
  }

  private static void appendSuspiciousActivity(StringBuilder out, SecurityReport report) {
    TextTable table =
        new TextTable()
            .left("SOURCE")
            .right("RISK")
            .right("ALERTS")
            .right("SUPPRESSED")
            .right("CONNECTIONS")
            .right("PORTS")
            .right("AUTH FAIL")
            .right("AUTH OK")
            .left("FIRST SEEN")
            .left("LAST SEEN")
            .left("DETECTIONS");
    for (SourceSummary source : report.suspiciousSources()) {
      table.row(
          source.source(),
          source.riskScore(),
          source.alerts(),
          source.suppressed(),
          source.connectionAttempts(),
          source.distinctDestinationPorts(),
          source.authFailures(),
          source.authSuccesses(),
          time(source.firstSeen()),
          time(source.lastSeen()),
          String.join(",", source.detections()));
    }
    section(out, "Suspicious activity", table);
  }

  private static void appendTimeline(StringBuilder out, SecurityReport report) {
    long most =
        report.alertsPerMinute().values().stream().mapToLong(Long::longValue).max().orElse(1);
    TextTable table = new TextTable().left("MINUTE (UTC)").right("ALERTS").left("");
    for (Map.Entry<Instant, Long> minute : report.alertsPerMinute().entrySet()) {
      // At least one mark, so every minute with an alert is visible however busy the peak.
      int marks = (int) Math.max(1, minute.getValue() * BAR_WIDTH / most);
      table.row(minuteOf(minute.getKey()), minute.getValue(), "#".repeat(marks));
    }
    section(out, "Timeline (alerts per minute of event time)", table);
  }

  private static void appendMalformed(StringBuilder out, SecurityReport report) {
    TextTable table = new TextTable().left("INPUT").right("LINES");
    report.malformedByInput().forEach(table::row);
    section(out, "Malformed input", table);
    if (!report.malformedExamples().isEmpty()) {
      out.append(INDENT)
          .append("examples (the first ")
          .append(ReportAggregator.MAX_MALFORMED_EXAMPLES);
      out.append(" are kept):\n");
      for (MalformedLine example : report.malformedExamples()) {
        out.append(INDENT).append(INDENT).append(LogText.escape(example.input()));
        out.append(':').append(example.line()).append(": ");
        out.append(LogText.escape(example.reason())).append('\n');
      }
    }
  }

  private static void appendInputs(StringBuilder out, SecurityReport report) {
    if (report.inputs().isEmpty()) {
      return;
    }
    out.append("\nInputs\n");
    for (String input : report.inputs()) {
      out.append(INDENT).append(LogText.escape(input)).append('\n');
    }
  }

  private static void field(StringBuilder out, String label, String value) {
    out.append(label).append(" ".repeat(Math.max(1, LABEL_WIDTH - label.length())));
    out.append(LogText.escape(value)).append('\n');
  }

  private static void section(StringBuilder out, String title, TextTable table) {
    out.append('\n').append(title).append('\n');
    if (table.isEmpty()) {
      out.append(INDENT).append("none\n");
    } else {
      table.appendTo(out, INDENT);
    }
  }

  private static String time(Instant instant) {
    return instant == null ? "-" : EventTime.format(instant);
  }

  /** "2026-11-25 08:40". */
  private static String minuteOf(Instant minute) {
    return EventTime.format(minute).substring(0, 16).replace('T', ' ');
  }
}
