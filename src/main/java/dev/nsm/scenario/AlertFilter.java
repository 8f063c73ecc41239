package dev.nsm.scenario;

import dev.nsm.event.Alert;
import dev.nsm.event.Severity;
import dev.nsm.policy.CidrSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Which alerts an expectation is about; every field left {@code null} matches any alert.
 *
 * @param source the alert's grouping key, its source address, or a CIDR network holding it
 * @param destination the alert's destination address or a CIDR network holding it
 * @param severityAtLeast matches alerts at or above this severity
 */
public record AlertFilter(
    String rule,
    String source,
    String destination,
    Integer destinationPort,
    Severity severity,
    Severity severityAtLeast) {

  public boolean matches(Alert alert) {
    return (rule == null || rule.equals(alert.ruleId()))
        && matchesSource(alert)
        && (destination == null || address(destination, alert.dstIp()))
        && (destinationPort == null || destinationPort == alert.dstPort())
        && (severity == null || severity == alert.severity())
        && (severityAtLeast == null || alert.severity().atLeast(severityAtLeast));
  }

  /** Whether the alert is about this filter's source (any source when none is given). */
  public boolean matchesSource(Alert alert) {
    return source == null || source.equals(alert.source()) || address(source, alert.srcIp());
  }

  /** The address itself (in canonical text, as the loader writes it), or any inside a network. */
  private static boolean address(String wanted, String ip) {
    if (wanted.indexOf('/') < 0) {
      return wanted.equals(ip);
    }
    return CidrSet.of(List.of(wanted)).contains(ip);
  }

  /** The filter as the scenario file spells it, e.g. {@code rule=port-scan source=192.0.2.1}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    add(parts, "rule", rule);
    add(parts, "source", source);
    add(parts, "destination", destination);
    add(parts, "destination_port", destinationPort);
    add(parts, "severity", severity == null ? null : severity.label());
    add(parts, "severity_at_least", severityAtLeast == null ? null : severityAtLeast.label());
    return parts.isEmpty() ? "any alert" : String.join(" ", parts);
  }

  private static void add(List<String> parts, String key, Object value) {
    if (value != null) {
      parts.add(key + "=" + value);
    }
  }
}
