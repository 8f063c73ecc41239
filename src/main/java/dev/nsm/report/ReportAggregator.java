package dev.nsm.report;

import dev.nsm.event.Alert;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Connection;
import dev.nsm.event.ConnectionOutcome;
import dev.nsm.event.Fact;
import dev.nsm.event.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts everything that happens in a run, for the {@link SecurityReport}. Fed by the engine
 * thread; the methods are synchronized only so that a {@link #snapshot()} may be taken from another
 * thread (a shutdown hook on Ctrl-C, a progress display).
 *
 * <p>Memory stays bounded on endless streams: at most {@code maxTrackedSources} sources are
 * tracked. When a new source arrives and the limit is reached, the quiet source (one without
 * alerts) that was touched longest ago is dropped and counted in {@link
 * SecurityReport#evictedSources()}; if a dropped source comes back, its counts start again. Sources
 * with alerts are never dropped: they are what the report is for, and they grow only with alerts,
 * which are written out anyway. If every tracked source has alerts, a new quiet source is not
 * tracked at all (also counted as evicted).
 */
public final class ReportAggregator implements AlertSink {

  public static final int DEFAULT_MAX_TRACKED_SOURCES = 100_000;
  static final int MAX_MALFORMED_EXAMPLES = 20;
  private static final long MICROS_PER_MINUTE = 60_000_000L;
  static final Comparator<SourceSummary> BY_RISK =
      Comparator.comparingInt(SourceSummary::riskScore)
          .reversed()
          .thenComparing(SourceSummary::source);
  static final Comparator<SourceSummary> BY_ALERTS_THEN_RISK =
      Comparator.comparingLong(SourceSummary::alerts).reversed().thenComparing(BY_RISK);

  private final int maxTrackedSources;
  // Quiet sources in access order, least recently touched first, so eviction takes the eldest.
  private final LinkedHashMap<String, SourceStats> quietSources =
      new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, SourceStats> alertingSources = new HashMap<>();
  private long evictedSources;

  private long connections;
  private long authAttempts;
  private long outcomes;
  private final List<String> inputs = new ArrayList<>();
  private long firstEventMicros = Long.MAX_VALUE;
  private long lastEventMicros = Long.MIN_VALUE;
  private long lateFacts;
  private final TreeMap<String, Long> malformedByInput = new TreeMap<>();
  private final List<MalformedLine> malformedExamples = new ArrayList<>();

  private String rulesetHash;
  private List<String> ruleIds = List.of();
  private long alerts;
  private final TreeMap<String, Long> alertsByRule = new TreeMap<>();
  private final Map<Severity, Long> alertsBySeverity = new EnumMap<>(Severity.class);
  private final TreeMap<String, Long> suppressedByRule = new TreeMap<>();
  private final TreeMap<Long, Long> alertsPerMinute = new TreeMap<>();

  public ReportAggregator() {
    this(DEFAULT_MAX_TRACKED_SOURCES);
  }

  public ReportAggregator(int maxTrackedSources) {
    if (maxTrackedSources < 1) {
      throw new IllegalArgumentException("maxTrackedSources must be at least 1");
    }
    this.maxTrackedSources = maxTrackedSources;
  }

  /** Records which ruleset is in force; its rules appear in the report even if none fired. */
  public synchronized void setRuleset(String rulesetHash, List<String> ruleIds) {
    this.rulesetHash = rulesetHash;
    this.ruleIds = ruleIds.stream().sorted().distinct().toList();
  }

  /**
   * Counts a connection or authentication attempt inserted into the session, late ones included.
   * Alerts are counted through {@link #accept}; an {@link Alert} given here is ignored.
   */
  public synchronized void onFact(Fact fact) {
    if (fact instanceof Connection connection) {
      connections++;
      seen(fact);
      SourceStats stats = statsFor(fact.source());
      if (stats != null) {
        stats.connection(connection);
      }
    } else if (fact instanceof ConnectionOutcome) {
      outcomes++;
    } else if (fact instanceof AuthAttempt attempt) {
      authAttempts++;
      seen(fact);
      SourceStats stats = statsFor(fact.source());
      if (stats != null) {
        stats.authAttempt(attempt);
      }
    }
  }

  /**
   * Counts a fact that arrived older than the session clock; call it as well as {@link #onFact}.
   */
  public synchronized void onLate(Fact fact) {
    lateFacts++;
  }

  /** Counts a repeat of (rule, source) suppressed inside the suppression interval. */
  public synchronized void onSuppressed(String ruleId, String source) {
    suppressedByRule.merge(ruleId, 1L, Long::sum);
    SourceStats stats = alertingSources.get(source);
    if (stats == null) {
      stats = quietSources.get(source);
    }
    if (stats != null) {
      stats.suppressed();
    }
  }

  /** Counts an input line that could not be read; the first 20 are kept as examples. */
  public synchronized void onMalformed(String input, long line, String reason) {
    malformedByInput.merge(input, 1L, Long::sum);
    if (malformedExamples.size() < MAX_MALFORMED_EXAMPLES) {
      malformedExamples.add(new MalformedLine(input, line, reason));
    }
  }

  @Override
  public synchronized void accept(Alert alert) {
    alerts++;
    alertsByRule.merge(alert.ruleId(), 1L, Long::sum);
    alertsBySeverity.merge(alert.severity(), 1L, Long::sum);
    alertsPerMinute.merge(Math.floorDiv(alert.micros(), MICROS_PER_MINUTE), 1L, Long::sum);
    SourceStats stats = alertingSources.get(alert.source());
    if (stats == null) {
      stats = quietSources.remove(alert.source());
      if (stats == null) {
        stats = new SourceStats(alert.source());
      }
      alertingSources.put(alert.source(), stats);
    }
    stats.alert(alert);
  }

  /** An immutable copy of everything counted so far. */
  public synchronized SecurityReport snapshot() {
    TreeMap<String, Long> byRule = new TreeMap<>(alertsByRule);
    ruleIds.forEach(id -> byRule.putIfAbsent(id, 0L));
    Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
    for (Severity severity : Severity.values()) {
      bySeverity.put(severity, alertsBySeverity.getOrDefault(severity, 0L));
    }
    SortedMap<Instant, Long> timeline = new TreeMap<>();
    alertsPerMinute.forEach(
        (minute, count) -> timeline.put(EventTime.instant(minute * MICROS_PER_MINUTE), count));
    List<SourceSummary> suspicious =
        alertingSources.values().stream().map(SourceStats::summary).toList();
    boolean anyFacts = firstEventMicros <= lastEventMicros;
    return new SecurityReport(
        rulesetHash,
        ruleIds,
        new TreeMap<>(
            Map.of(
                "connection", connections,
                "connection_outcome", outcomes,
                "auth_attempt", authAttempts)),
        anyFacts ? EventTime.instant(firstEventMicros) : null,
        anyFacts ? EventTime.instant(lastEventMicros) : null,
        lateFacts,
        malformedByInput,
        malformedExamples,
        alerts,
        byRule,
        bySeverity,
        suppressedByRule,
        suspicious.stream().sorted(BY_ALERTS_THEN_RISK).limit(SecurityReport.TOP_SOURCES).toList(),
        timeline,
        trackedSources(),
        evictedSources,
        suspicious.stream().sorted(BY_RISK).toList(),
        inputs,
        null,
        null);
  }

  /**
   * What an input amounted to, one line of text (packets, attempts, drops, lines): shown in the
   * report so its figures can be checked against the input.
   */
  public synchronized void onInputSummary(String summary) {
    inputs.add(summary);
  }

  /** Sources tracked now, alerting or not. */
  public synchronized int trackedSources() {
    return quietSources.size() + alertingSources.size();
  }

  private void seen(Fact fact) {
    firstEventMicros = Math.min(firstEventMicros, fact.micros());
    lastEventMicros = Math.max(lastEventMicros, fact.micros());
  }

  /** The source's stats, created if need be; {@code null} if there is no room to track it. */
  private SourceStats statsFor(String source) {
    SourceStats stats = alertingSources.get(source);
    if (stats == null) {
      stats = quietSources.get(source);
    }
    if (stats == null) {
      if (!makeRoom()) {
        evictedSources++;
        return null;
      }
      stats = new SourceStats(source);
      quietSources.put(source, stats);
    }
    return stats;
  }

  private boolean makeRoom() {
    if (quietSources.size() + alertingSources.size() < maxTrackedSources) {
      return true;
    }
    Iterator<SourceStats> eldest = quietSources.values().iterator();
    if (!eldest.hasNext()) {
      return false;
    }
    eldest.next();
    eldest.remove();
    evictedSources++;
    return true;
  }
}
