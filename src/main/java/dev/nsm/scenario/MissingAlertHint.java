package dev.nsm.scenario;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.event.Alert;
import dev.nsm.event.NearMiss;
import dev.nsm.report.LogText;
import dev.nsm.report.NearMissReport;
import dev.nsm.report.SecurityReport;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Why an expected alert is missing, from what the rule counted: the near miss of the rule for the
 * expected source ({@code 198.51.100.9: 5 of 6 in 1s, peak at 09:00:03.412}), or that nothing of
 * that source was counted, or that the rule is off or cannot tell.
 */
final class MissingAlertHint {

  /** How many near misses a hint lists for an expectation that names no source. */
  private static final int SHOWN = 3;

  private final NetworkSecurityMonitor monitor;
  private final boolean withDate;

  /**
   * @param monitor the scenario's monitor, after its run
   * @param report its report: times carry their date when the run spans more than one UTC day
   */
  MissingAlertHint(NetworkSecurityMonitor monitor, SecurityReport report) {
    this.monitor = monitor;
    this.withDate =
        report.firstEvent() != null
            && !report
                .firstEvent()
                .atZone(ZoneOffset.UTC)
                .toLocalDate()
                .equals(report.lastEvent().atZone(ZoneOffset.UTC).toLocalDate());
  }

  /**
   * The hint for an expectation that got too few alerts, as lines to indent under it, or {@code
   * null} when there is nothing to add (no rule named, or the rule did alert for the source and
   * only the other fields of the expectation differ).
   */
  String forMissing(AlertFilter filter, List<Alert> alerts) {
    String rule = filter.rule();
    if (rule == null) {
      return null;
    }
    if (monitor.rules().rule(rule) == null) {
      return "no rule " + rule + " in the ruleset";
    }
    if (!monitor.rules().policy().detection(rule).enabled()) {
      return "rule " + rule + " is disabled by the policy";
    }
    if (!monitor.recordsNearMisses(rule)) {
      return "rule " + rule + " does not record near misses (it does not call alerts.reached)";
    }
    if (filter.source() == null) {
      return topOf(rule);
    }
    boolean alerted =
        alerts.stream()
            .anyMatch(
                a ->
                    a.ruleId().equals(rule)
                        && (filter.source().equals(a.source())
                            || filter.source().equals(a.srcIp())));
    if (alerted) {
      return null;
    }
    NearMiss miss = monitor.nearMiss(rule, filter.source());
    if (miss != null) {
      return "near miss: " + line(miss);
    }
    return "no fact from " + filter.source() + " was counted by " + rule + evicted();
  }

  private String topOf(String rule) {
    NearMissReport report = monitor.nearMisses(SHOWN);
    List<NearMiss> misses = report.byRule().getOrDefault(rule, List.of());
    if (misses.isEmpty()) {
      return "no source came near the threshold of " + rule + evicted();
    }
    StringBuilder text = new StringBuilder("near misses of ").append(rule).append(':');
    misses.forEach(miss -> text.append("\n  ").append(line(miss)));
    long more = report.unlisted().getOrDefault(rule, 0L);
    if (more > 0) {
      text.append("\n  and ").append(more).append(" more");
    }
    return text.toString();
  }

  private String line(NearMiss miss) {
    String text = miss.summary(withDate);
    if (miss.origin() != null) {
      text += " (" + miss.origin() + ")";
    }
    return LogText.escape(text);
  }

  /** Said only when it applies: the near miss may have been dropped to bound memory. */
  private String evicted() {
    long evicted = monitor.nearMisses(1).evicted();
    return evicted == 0
        ? ""
        : " (or its near miss was among the " + evicted + " dropped to bound memory)";
  }
}
