package dev.nsm.report;

import dev.nsm.event.Alert;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Connection;
import dev.nsm.event.Severity;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The running counts for one source. Mutable; owned by {@link ReportAggregator}. */
final class SourceStats {

  final String source;
  private long firstSeenMicros = Long.MAX_VALUE;
  private long lastSeenMicros = Long.MIN_VALUE;
  private long connectionAttempts;
  private long authFailures;
  private long authSuccesses;
  private long alerts;
  private long suppressed;
  // Allocated on first use, and small while the ports are few (see DistinctPorts): most of the
  // sources tracked never alert and try one or two ports.
  private DistinctPorts destinationPorts;
  private Map<String, Severity> highestSeverityByDetection;

  SourceStats(String source) {
    this.source = source;
  }

  void connection(Connection connection) {
    seen(connection.micros());
    connectionAttempts++;
    if (connection.dstPort() != 0) {
      if (destinationPorts == null) {
        destinationPorts = new DistinctPorts();
      }
      destinationPorts.add(connection.dstPort());
    }
  }

  void authAttempt(AuthAttempt attempt) {
    seen(attempt.micros());
    if (attempt.failed()) {
      authFailures++;
    } else if (attempt.succeeded()) {
      authSuccesses++;
    }
  }

  void alert(Alert alert) {
    seen(alert.micros());
    alerts++;
    if (highestSeverityByDetection == null) {
      highestSeverityByDetection = new TreeMap<>();
    }
    highestSeverityByDetection.merge(
        alert.ruleId(), alert.severity(), (a, b) -> a.atLeast(b) ? a : b);
  }

  void suppressed() {
    suppressed++;
  }

  long alerts() {
    return alerts;
  }

  boolean hasAlerts() {
    return alerts > 0;
  }

  int riskScore() {
    return highestSeverityByDetection == null
        ? 0
        : SourceSummary.riskOf(highestSeverityByDetection.values());
  }

  SourceSummary summary() {
    boolean seen = firstSeenMicros <= lastSeenMicros;
    return new SourceSummary(
        source,
        seen ? EventTime.instant(firstSeenMicros) : null,
        seen ? EventTime.instant(lastSeenMicros) : null,
        connectionAttempts,
        destinationPorts == null ? 0 : destinationPorts.count(),
        authFailures,
        authSuccesses,
        highestSeverityByDetection == null
            ? new TreeSet<>()
            : new TreeSet<>(highestSeverityByDetection.keySet()),
        alerts,
        suppressed,
        riskScore());
  }

  private void seen(long micros) {
    firstSeenMicros = Math.min(firstSeenMicros, micros);
    lastSeenMicros = Math.max(lastSeenMicros, micros);
  }
}
