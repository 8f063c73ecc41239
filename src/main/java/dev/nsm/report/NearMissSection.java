package dev.nsm.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsm.event.NearMiss;
import java.util.List;
import java.util.Map;

/** The report's "Near misses" section, as text and as JSON. */
final class NearMissSection {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private NearMissSection() {}

  static void text(StringBuilder out, NearMissReport report) {
    out.append("\nNear misses (UTC; per rule, the sources that came closest to its threshold")
        .append(" without reaching it, at most ")
        .append(report.perRule())
        .append(" each)\n");
    for (Map.Entry<String, List<NearMiss>> rule : report.byRule().entrySet()) {
      List<NearMiss> misses = rule.getValue();
      out.append("  ").append(rule.getKey()).append(misses.isEmpty() ? ": none\n" : "\n");
      for (NearMiss miss : misses) {
        out.append("    ").append(LogText.escape(miss.summary(true)));
        if (miss.origin() != null) {
          out.append(" (").append(LogText.escape(miss.origin().toString())).append(')');
        }
        out.append('\n');
      }
      long more = report.unlisted().getOrDefault(rule.getKey(), 0L);
      if (more > 0) {
        out.append("    and ").append(more).append(" more\n");
      }
    }
    for (String rule : report.notRecording()) {
      out.append("  rule ")
          .append(rule)
          .append(" does not record near misses (it does not call alerts.reached)\n");
    }
    if (report.evicted() > 0) {
      out.append("  ")
          .append(report.evicted())
          .append(" weaker (rule, source) pairs were dropped to remember at most ")
          .append(report.capacity())
          .append('\n');
    }
  }

  static ObjectNode json(NearMissReport report) {
    ObjectNode node = JSON.objectNode();
    node.put("per_rule", report.perRule());
    ObjectNode byRule = node.putObject("by_rule");
    report
        .byRule()
        .forEach(
            (rule, misses) -> {
              ObjectNode entry = byRule.putObject(rule);
              ArrayNode listed = entry.putArray("listed");
              misses.forEach(miss -> listed.add(json(miss)));
              entry.put("unlisted", report.unlisted().getOrDefault(rule, 0L));
            });
    report.notRecording().forEach(node.putArray("not_recorded_by")::add);
    node.put("evicted", report.evicted());
    node.put("capacity", report.capacity());
    return node;
  }

  private static ObjectNode json(NearMiss miss) {
    ObjectNode node = JSON.objectNode();
    node.put("source", miss.source());
    node.put("count", miss.count());
    node.put("threshold", miss.threshold());
    node.put("window", miss.window());
    node.put("peak_at", EventTime.format(miss.peakMicros()));
    if (miss.origin() != null) {
      node.put("origin", miss.origin().toString());
    }
    node.put("summary", miss.summary(true));
    return node;
  }
}
