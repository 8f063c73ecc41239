package dev.nsm.report;

import dev.nsm.event.Severity;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one source did during a run, for the suspicious-activity summary.
 *
 * <p>The <b>risk score</b> (0..100) adds, for every distinct detection the source tripped, a weight
 * for the highest severity that detection was raised with: low 10, medium 25, high 50, critical
 * 100; the sum is capped at 100. Repeats of a detection do not add to it, so a source that trips
 * one medium rule a hundred times (25) ranks below one that trips a port scan and a brute force
 * (100): breadth of suspicious behaviour matters more than volume, which suppression counts anyway.
 *
 * @param source the grouping key (an address, or an IPv6 prefix)
 * @param firstSeen event time of its first fact or alert, microsecond precision
 * @param lastSeen event time of its last fact or alert, microsecond precision
 * @param connectionAttempts connections it attempted
 * @param distinctDestinationPorts distinct destination ports it tried (port 0, ICMP, not counted)
 * @param authFailures failed authentication attempts
 * @param authSuccesses successful authentication attempts
 * @param detections ids of the rules it tripped, sorted
 * @param alerts alerts raised for it
 * @param suppressed repeats suppressed for it
 * @param riskScore 0..100, as described above
 */
public record SourceSummary(
    String source,
    Instant firstSeen,
    Instant lastSeen,
    long connectionAttempts,
    int distinctDestinationPorts,
    long authFailures,
    long authSuccesses,
    SortedSet<String> detections,
    long alerts,
    long suppressed,
    int riskScore) {

  static final int MAX_RISK = 100;

  public SourceSummary {
    Objects.requireNonNull(source, "source");
    detections = Collections.unmodifiableSortedSet(new TreeSet<>(detections));
    if (riskScore < 0 || riskScore > MAX_RISK) {
      throw new IllegalArgumentException("riskScore " + riskScore + " is outside 0-100");
    }
  }

  /** The risk score of the highest severity seen for each distinct detection. */
  static int riskOf(Collection<Severity> highestPerDetection) {
    int sum = 0;
    for (Severity severity : highestPerDetection) {
      sum += weight(severity);
    }
    return Math.min(sum, MAX_RISK);
  }

  static int weight(Severity severity) {
    return switch (severity) {
      case LOW -> 10;
      case MEDIUM -> 25;
      case HIGH -> 50;
      case CRITICAL -> 100;
    };
  }
}
