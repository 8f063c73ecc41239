package dev.nsm.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsm.event.Severity;
import java.time.Instant;
import java.util.Map;

/**
 * The report as pretty-printed JSON: snake_case keys in a fixed order, event times in RFC 3339 with
 * microseconds, "\n" line ends on every platform, printable ASCII only. {@code schema_version}
 * changes when a key is renamed or removed.
 */
final class JsonReportRenderer {

  static final int SCHEMA_VERSION = 1;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectWriter WRITER;

  static {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter)
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
    // Printable ASCII only, as alerts.jsonl: the report quotes attacker-chosen text (malformed
    // lines), and printed to a terminal a raw C1 control or bidi override would act on it.
    WRITER = PrintableJson.writer().with(printer);
  }

  private JsonReportRenderer() {}

  static String render(SecurityReport report) {
    try {
      return WRITER.writeValueAsString(tree(report)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serializes", e);
    }
  }

  static ObjectNode tree(SecurityReport report) {
    ObjectNode root = JSON.objectNode();
    root.put("schema_version", SCHEMA_VERSION);
    ObjectNode ruleset = root.putObject("ruleset");
    ruleset.put("hash", report.rulesetHash());
    report.ruleIds().forEach(ruleset.putArray("rule_ids")::add);
    ObjectNode facts = root.putObject("facts");
    report.factsByKind().forEach(facts.putObject("by_kind")::put);
    facts.put("first_event", time(report.firstEvent()));
    facts.put("last_event", time(report.lastEvent()));
    facts.put("late", report.lateFacts());
    ObjectNode malformed = root.putObject("malformed_input");
    malformed.put("total", report.malformedTotal());
    report.malformedByInput().forEach(malformed.putObject("by_input")::put);
    ArrayNode examples = malformed.putArray("examples");
    for (MalformedLine line : report.malformedExamples()) {
      examples
          .addObject()
          .put("input", line.input())
          .put("line", line.line())
          .put("reason", line.reason());
    }
    report.inputs().forEach(root.putArray("inputs")::add);
    ObjectNode alerts = root.putObject("alerts");
    alerts.put("total", report.alertsTotal());
    report.alertsByRule().forEach(alerts.putObject("by_rule")::put);
    ObjectNode bySeverity = alerts.putObject("by_severity");
    for (Severity severity : Severity.values()) {
      bySeverity.put(severity.label(), report.alertsBySeverity().get(severity));
    }
    alerts.put("suppressed_total", report.suppressedTotal());
    report.suppressedByRule().forEach(alerts.putObject("suppressed_by_rule")::put);
    ArrayNode timeline = alerts.putArray("per_minute");
    for (Map.Entry<Instant, Long> minute : report.alertsPerMinute().entrySet()) {
      timeline.addObject().put("minute", time(minute.getKey())).put("alerts", minute.getValue());
    }
    ObjectNode sources = root.putObject("sources");
    sources.put("tracked", report.trackedSources());
    sources.put("evicted", report.evictedSources());
    ArrayNode top = sources.putArray("top");
    report.topSources().forEach(summary -> top.add(summary(summary)));
    ArrayNode suspicious = root.putArray("suspicious_activity");
    report.suspiciousSources().forEach(summary -> suspicious.add(summary(summary)));
    if (report.nearMisses() != null) {
      root.set("near_misses", NearMissSection.json(report.nearMisses()));
    }
    if (report.explanations() != null) {
      root.set("explanations", ExplanationSection.json(report.explanations()));
    }
    return root;
  }

  private static ObjectNode summary(SourceSummary summary) {
    ObjectNode node = JSON.objectNode();
    node.put("source", summary.source());
    node.put("risk_score", summary.riskScore());
    node.put("alerts", summary.alerts());
    node.put("suppressed", summary.suppressed());
    ArrayNode detections = node.putArray("detections");
    summary.detections().forEach(detections::add);
    node.put("first_seen", time(summary.firstSeen()));
    node.put("last_seen", time(summary.lastSeen()));
    node.put("connection_attempts", summary.connectionAttempts());
    node.put("distinct_destination_ports", summary.distinctDestinationPorts());
    node.put("auth_failures", summary.authFailures());
    node.put("auth_successes", summary.authSuccesses());
    return node;
  }

  private static String time(Instant instant) {
    return instant == null ? null : EventTime.format(instant);
  }
}
