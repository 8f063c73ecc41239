package dev.nsm.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsm.event.Alert;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Connection;
import dev.nsm.event.ConnectionOutcome;
import dev.nsm.event.Evidence;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;

/**
 * The report's "Explanations" section ({@code nsm run --explain}): for each alert, what was counted
 * against which threshold over which window, and the facts that made it fire with their origin. The
 * same evidence as in the alerts file, for a person to read.
 */
final class ExplanationSection {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ExplanationSection() {}

  static void text(StringBuilder out, AlertExplanations explanations) {
    out.append("\nExplanations (UTC; each alert with the facts that made it fire)\n");
    if (explanations.alerts().isEmpty()) {
      out.append("  none\n");
    }
    for (Alert alert : explanations.alerts()) {
      Evidence evidence = alert.evidence();
      out.append("  ").append(EventTime.format(alert.micros())).append(' ');
      out.append(alert.ruleId()).append(' ').append(alert.severity().label()).append(' ');
      out.append(alert.source()).append(" (id ").append(alert.id()).append(")\n");
      out.append("    ").append(LogText.escape(alert.message())).append('\n');
      out.append("    counted ").append(evidence.count());
      out.append(", threshold ").append(evidence.threshold());
      out.append(", window (").append(EventTime.format(evidence.windowStartMicros()));
      out.append(", ").append(EventTime.format(evidence.windowEndMicros())).append("]\n");
      for (Fact fact : evidence.facts()) {
        out.append("      ").append(EventTime.format(fact.micros())).append(' ');
        out.append(LogText.escape(describe(fact))).append('\n');
      }
      if (evidence.omitted() > 0) {
        out.append("      and ").append(evidence.omitted()).append(" more facts (an alert lists ");
        out.append(evidence.cap()).append(": the earliest and the one that crossed)\n");
      }
      if (alert.suppressed() > 0) {
        out.append("    ").append(alert.suppressed());
        out.append(" repeats suppressed since the previous alert of this rule and source\n");
      }
    }
    if (explanations.unlisted() > 0) {
      out.append("  and ").append(explanations.unlisted()).append(" more alerts (the first ");
      out.append(explanations.cap()).append(" are explained here; the alerts file has them all)\n");
    }
  }

  static ObjectNode json(AlertExplanations explanations) {
    ObjectNode node = JSON.objectNode();
    ArrayNode alerts = node.putArray("alerts");
    for (Alert alert : explanations.alerts()) {
      ObjectNode entry = alerts.addObject();
      entry.put("id", alert.id());
      entry.put("@timestamp", EventTime.format(alert.micros()));
      entry.put("rule_id", alert.ruleId());
      entry.put("severity", alert.severity().label());
      entry.put("source", alert.source());
      entry.put("message", alert.message());
      entry.put("suppressed", alert.suppressed());
      entry.set("evidence", AlertDocument.evidence(alert.evidence()));
    }
    node.put("unlisted", explanations.unlisted());
    node.put("cap", explanations.cap());
    return node;
  }

  /** "tcp 198.51.100.7:40000 -> 203.0.113.10:80, capture.pcap frame 12". */
  static String describe(Fact fact) {
    if (fact instanceof Connection c) {
      return c.transport().label()
          + ' '
          + endpoint(c.srcIp(), c.srcPort())
          + " -> "
          + endpoint(c.dstIp(), c.dstPort())
          + from(c.origin());
    }
    if (fact instanceof ConnectionOutcome o) {
      return o.transport().label()
          + ' '
          + endpoint(o.srcIp(), o.srcPort())
          + " -> "
          + endpoint(o.dstIp(), o.dstPort())
          + ' '
          + o.result().label()
          + from(o.origin());
    }
    if (fact instanceof AuthAttempt a) {
      return a.service()
          + ' '
          + a.outcome().label()
          + (a.user() == null ? "" : " as '" + a.user() + "'")
          + ' '
          + a.srcIp()
          + " -> "
          + endpoint(a.dstIp(), a.dstPort())
          + from(a.origin());
    }
    Alert alert = (Alert) fact;
    return "alert " + alert.ruleId() + " from " + alert.srcIp() + " (id " + alert.id() + ")";
  }

  private static String endpoint(String ip, int port) {
    String host = ip == null ? "this host" : ip;
    if (port == 0) {
      return host;
    }
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ':' + port;
  }

  private static String from(Origin origin) {
    return origin == null ? "" : ", " + origin;
  }
}
