package dev.nsm.engine;

import dev.nsm.event.Alert;
import java.util.List;

/**
 * Alerts as lines of everything two runs of the same input must agree on (id, rule, time, source,
 * message, evidence, suppressed repeats), so tests compare runs with one assertEquals.
 */
final class AlertLines {

  static List<String> of(List<Alert> alerts) {
    return alerts.stream().map(AlertLines::of).toList();
  }

  static String of(Alert a) {
    return String.join(
        "|",
        a.id(),
        a.ruleId(),
        Long.toString(a.micros()),
        a.source(),
        a.message(),
        Long.toString(a.evidence().count()),
        Long.toString(a.suppressed()),
        a.evidence().facts().toString());
  }

  private AlertLines() {}
}
