package dev.nsm.report;

import dev.nsm.event.Severity;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * What happened in a run: an immutable snapshot taken by {@link ReportAggregator#snapshot()}.
 * {@link #toString()} renders it for a terminal, {@link #toJson()} for machines; both are
 * deterministic for the same input.
 *
 * @param rulesetHash the ruleset in force, {@code null} if none was set
 * @param ruleIds ids of the rules in force, sorted
 * @param factsByKind facts processed, keyed "auth_attempt" and "connection" (sorted)
 * @param firstEvent event time of the earliest fact, {@code null} if there were none
 * @param lastEvent event time of the latest fact, {@code null} if there were none
 * @param lateFacts facts that arrived older than the session clock
 * @param malformedByInput unreadable input lines per input, sorted by input
 * @param malformedExamples the first unreadable lines, at most 20
 * @param alertsTotal alerts raised
 * @param alertsByRule alerts per rule id, sorted; rules in force that never fired appear with 0
 * @param alertsBySeverity alerts per severity, all four, low to critical
 * @param suppressedByRule repeats suppressed per rule id, sorted
 * @param topSources up to 10 sources by alert count, then risk score, then name
 * @param alertsPerMinute alerts per minute of event time (key: start of the minute), sorted
 * @param trackedSources sources tracked at the time of the snapshot
 * @param evictedSources times a quiet source's counts were dropped to keep memory bounded
 * @param suspiciousSources every source with at least one alert, by risk score desc, then source
 * @param inputs what each input amounted to, one line each
 * @param nearMisses the near misses per rule; {@code null} unless asked for ({@link
 *     #withNearMisses})
 * @param explanations every alert with its evidence; {@code null} unless asked for ({@link
 *     #withExplanations})
 */
public record SecurityReport(
    String rulesetHash,
    List<String> ruleIds,
    SortedMap<String, Long> factsByKind,
    Instant firstEvent,
    Instant lastEvent,
    long lateFacts,
    SortedMap<String, Long> malformedByInput,
    List<MalformedLine> malformedExamples,
    long alertsTotal,
    SortedMap<String, Long> alertsByRule,
    Map<Severity, Long> alertsBySeverity,
    SortedMap<String, Long> suppressedByRule,
    List<SourceSummary> topSources,
    SortedMap<Instant, Long> alertsPerMinute,
    long trackedSources,
    long evictedSources,
    List<SourceSummary> suspiciousSources,
    List<String> inputs,
    NearMissReport nearMisses,
    AlertExplanations explanations) {

  /** How many sources {@link #topSources()} lists at most. */
  public static final int TOP_SOURCES = 10;

  public SecurityReport {
    ruleIds = List.copyOf(ruleIds);
    factsByKind = sorted(factsByKind);
    malformedByInput = sorted(malformedByInput);
    malformedExamples = List.copyOf(malformedExamples);
    alertsByRule = sorted(alertsByRule);
    alertsBySeverity = Collections.unmodifiableMap(new EnumMap<>(alertsBySeverity));
    suppressedByRule = sorted(suppressedByRule);
    topSources = List.copyOf(topSources);
    alertsPerMinute = sorted(alertsPerMinute);
    suspiciousSources = List.copyOf(suspiciousSources);
    inputs = List.copyOf(inputs);
  }

  /**
   * The suspicious-activity summary keyed by source, in the order of {@link #suspiciousSources}.
   */
  public Map<String, SourceSummary> suspiciousActivity() {
    Map<String, SourceSummary> bySource = new LinkedHashMap<>();
    suspiciousSources.forEach(summary -> bySource.put(summary.source(), summary));
    return Collections.unmodifiableMap(bySource);
  }

  /** This report with a near-miss section (text and JSON). */
  public SecurityReport withNearMisses(NearMissReport section) {
    return withSections(section, explanations);
  }

  /** This report with the evidence of every alert (text and JSON). */
  public SecurityReport withExplanations(AlertExplanations section) {
    return withSections(nearMisses, section);
  }

  private SecurityReport withSections(NearMissReport misses, AlertExplanations explained) {
    return new SecurityReport(
        rulesetHash,
        ruleIds,
        factsByKind,
        firstEvent,
        lastEvent,
        lateFacts,
        malformedByInput,
        malformedExamples,
        alertsTotal,
        alertsByRule,
        alertsBySeverity,
        suppressedByRule,
        topSources,
        alertsPerMinute,
        trackedSources,
        evictedSources,
        suspiciousSources,
        inputs,
        misses,
        explained);
  }

  /**
   * This report with every source of the top-sources and suspicious-activity tables renamed, e.g.
   * to its pseudonym, before rendering, so the tables stay aligned. The tables are sorted again:
   * sources that tie would otherwise stay in the order of their real names.
   */
  public SecurityReport withSourcesRenamed(UnaryOperator<String> rename) {
    List<SourceSummary> renamed =
        suspiciousSources.stream()
            .map(
                s ->
                    new SourceSummary(
                        rename.apply(s.source()),
                        s.firstSeen(),
                        s.lastSeen(),
                        s.connectionAttempts(),
                        s.distinctDestinationPorts(),
                        s.authFailures(),
                        s.authSuccesses(),
                        s.detections(),
                        s.alerts(),
                        s.suppressed(),
                        s.riskScore()))
            .toList();
    return new SecurityReport(
        rulesetHash,
        ruleIds,
        factsByKind,
        firstEvent,
        lastEvent,
        lateFacts,
        malformedByInput,
        malformedExamples,
        alertsTotal,
        alertsByRule,
        alertsBySeverity,
        suppressedByRule,
        renamed.stream().sorted(ReportAggregator.BY_ALERTS_THEN_RISK).limit(TOP_SOURCES).toList(),
        alertsPerMinute,
        trackedSources,
        evictedSources,
        renamed.stream().sorted(ReportAggregator.BY_RISK).toList(),
        inputs,
        nearMisses,
        explanations);
  }

  /** Malformed input lines over all inputs. */
  public long malformedTotal() {
    return malformedByInput.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Repeats suppressed over all rules. */
  public long suppressedTotal() {
    return suppressedByRule.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The report as pretty-printed JSON with snake_case keys in a fixed order. */
  public String toJson() {
    return JsonReportRenderer.render(this);
  }

  /** The report as aligned text for a terminal. */
  @Override
  public String toString() {
    return TextReportRenderer.render(this);
  }

  private static <K extends Comparable<K>, V> SortedMap<K, V> sorted(Map<K, V> map) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
