package dev.nsm.engine;

import dev.nsm.event.Alert;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Connection;
import dev.nsm.event.ConnectionOutcome;
import dev.nsm.event.Evidence;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;
import dev.nsm.event.Severity;
import dev.nsm.event.Transport;
import dev.nsm.policy.Detection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.kie.api.runtime.rule.EntryPoint;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The {@code alerts} global: the one way a rule raises an alert. It applies suppression, builds the
 * evidence, hands the alert to the outputs and inserts it into the {@code alerts} entry point so
 * rules can correlate detections.
 *
 * <p>In DRL:
 *
 * <pre>
 * $c : Connection(..., alerts.admits($d, this)) over window:time(1ms) from entry-point "connections"
 * ...
 * then
 *     alerts.raise(drools, $d, $n, $facts, "summary");
 * </pre>
 *
 * <p>A rule that counts through {@link #reached} in its threshold constraint also leaves the near
 * misses: per (rule, source), the highest count below the threshold, and when.
 */
public final class AlertRaiser {

  /** The most contributing facts an alert lists. */
  public static final int EVIDENCE_CAP = 20;

  private final EngineListener listener;
  private final Map<String, Severity> ruleSeverities;
  private final Suppressions suppressions = new Suppressions();
  private final NearMisses nearMisses = new NearMisses(NearMisses.DEFAULT_CAPACITY);
  // Alerts raised in this tick by (rule, source, time): an alert id must not depend on how many
  // alerts other sources raised before it, or sharding sessions by source would change it.
  private final Map<String, Integer> raisedThisTick = new HashMap<>();
  private long tick;

  // Alerts inserted for correlating rules are held like every fact, so that they leave in time.
  private final HeldFacts held;

  AlertRaiser(EngineListener listener, Map<String, Severity> ruleSeverities, HeldFacts held) {
    this.listener = listener;
    this.held = held;
    this.ruleSeverities = Map.copyOf(ruleSeverities);
  }

  /**
   * Whether a fact may start an evaluation of the detection: false while (rule, source) is
   * suppressed, in which case the fact is counted as a repeat. Rules call it last in their trigger
   * pattern, so that only facts that would otherwise count are counted.
   */
  public boolean admits(Detection detection, Fact fact) {
    if (suppressions.isSuppressed(detection.id(), fact.source(), fact.timestamp())) {
      suppressions.countRepeat(detection.id(), fact.source());
      listener.onSuppressed(detection.id(), fact.source());
      return false;
    }
    return true;
  }

  /**
   * Records what one evaluation of the rule counted for the trigger's source and returns the count
   * unchanged, so that it wraps the count in the rule's threshold constraint:
   *
   * <pre>
   * accumulate(...; $n : count($e), $facts : collectList($e);
   *            alerts.reached($d, $c, $n) >= $d.minCount())
   * </pre>
   *
   * The near miss of (rule, source) is the highest count below {@code detection.minCount()} and the
   * trigger fact that first reached it. Near misses thus follow exactly what the rule counts.
   *
   * @param trigger the newest fact, whose arrival started the evaluation
   * @param count what the rule counted in its window
   */
  public long reached(Detection detection, Fact trigger, long count) {
    nearMisses.reached(
        detection.id(),
        trigger.source(),
        count,
        detection.minCount(),
        detection.window(),
        trigger.micros(),
        originOf(trigger));
    return count;
  }

  /**
   * Raises an alert for the detection, unless (rule, source) is suppressed.
   *
   * @param drools the rule's context (the {@code drools} variable of a consequence)
   * @param detection the policy for the rule
   * @param count what was counted against {@code detection.minCount()}
   * @param facts the facts in the window that contributed; the latest one crossed the threshold
   * @param summary a one-line description for people
   */
  public void raise(
      RuleContext drools, Detection detection, long count, Collection<?> facts, String summary) {
    List<Fact> sorted = new ArrayList<>(facts.size());
    for (Object fact : facts) {
      sorted.add((Fact) fact);
    }
    if (sorted.isEmpty()) {
      throw new IllegalArgumentException("rule " + detection.id() + " raised with no facts");
    }
    sorted.sort(Comparator.comparingLong(Fact::micros));
    Fact crossing = sorted.get(sorted.size() - 1);
    long now = drools.getKieRuntime().getSessionClock().getCurrentTime();
    String ruleId = detection.id();
    if (suppressions.isSuppressed(ruleId, crossing.source(), now)) {
      suppressions.countRepeat(ruleId, crossing.source());
      listener.onSuppressed(ruleId, crossing.source());
      return;
    }
    long repeats =
        suppressions.start(ruleId, crossing.source(), now, detection.suppressForMillis());
    nearMisses.alerted(ruleId, crossing.source());
    Alert alert =
        alert(drools.getRule().getName(), detection, count, sorted, crossing, summary, repeats);
    listener.onAlert(alert);
    EntryPoint alerts = drools.getKieRuntime().getEntryPoint(Alert.ENTRY_POINT);
    if (alerts != null) {
      held.inserted(alerts, alert, alerts.insert(alert));
    }
  }

  /**
   * The exclusive start of the window the engine counted over. Drools' windows work on the
   * millisecond clock: a fact counts while its millisecond is after {@code now - window}, so the
   * window starts at the last microsecond of that millisecond, not at {@code end - window} in µs.
   */
  static long windowStartMicros(Fact crossing, Detection detection) {
    return (crossing.timestamp() - detection.windowMillis()) * 1000L + 999;
  }

  /** Forgets suppression intervals long past; called as the clock advances. */
  void expire(long now) {
    suppressions.expire(now);
    raisedThisTick.clear();
    tick = now;
  }

  int suppressionEntries() {
    return suppressions.size();
  }

  NearMisses nearMisses() {
    return nearMisses;
  }

  /** Where a trigger came from; an alert (the trigger of a correlating rule) has no origin. */
  private static Origin originOf(Fact fact) {
    if (fact instanceof Connection c) {
      return c.origin();
    }
    if (fact instanceof AuthAttempt a) {
      return a.origin();
    }
    return fact instanceof ConnectionOutcome o ? o.origin() : null;
  }

  private Alert alert(
      String ruleName,
      Detection detection,
      long count,
      List<Fact> sorted,
      Fact crossing,
      String summary,
      long repeats) {
    Severity severity =
        detection.severity() != null
            ? detection.severity()
            : ruleSeverities.getOrDefault(detection.id(), Severity.LOW);
    long end = crossing.micros();
    Evidence evidence =
        new Evidence(
            count,
            detection.minCount(),
            windowStartMicros(crossing, detection),
            end,
            capped(sorted),
            EVIDENCE_CAP,
            Math.max(0, sorted.size() - EVIDENCE_CAP));
    String key = detection.id() + '|' + crossing.source() + '|' + end + '|' + tick;
    String id = idOf(key + '|' + raisedThisTick.merge(key, 1, Integer::sum));
    if (crossing instanceof Connection c) {
      return new Alert(
          id,
          c.timestamp(),
          end,
          detection.id(),
          ruleName,
          severity,
          c.source(),
          c.srcIp(),
          c.srcPort(),
          c.dstIp(),
          c.dstPort(),
          c.transport(),
          summary,
          evidence,
          repeats);
    }
    if (crossing instanceof ConnectionOutcome o) {
      return new Alert(
          id,
          o.timestamp(),
          end,
          detection.id(),
          ruleName,
          severity,
          o.source(),
          o.srcIp(),
          o.srcPort(),
          o.dstIp(),
          o.dstPort(),
          o.transport(),
          summary,
          evidence,
          repeats);
    }
    if (crossing instanceof AuthAttempt a) {
      return new Alert(
          id,
          a.timestamp(),
          end,
          detection.id(),
          ruleName,
          severity,
          a.source(),
          a.srcIp(),
          0,
          a.dstIp(),
          a.dstPort(),
          Transport.TCP,
          summary,
          evidence,
          repeats);
    }
    // Correlating rules count alerts: the new alert is about the source, not a destination.
    return new Alert(
        id,
        crossing.timestamp(),
        end,
        detection.id(),
        ruleName,
        severity,
        crossing.source(),
        ((Alert) crossing).srcIp(),
        0,
        null,
        0,
        null,
        summary,
        evidence,
        repeats);
  }

  /** The earliest facts of the window, and always the one that crossed the threshold. */
  private static List<Fact> capped(List<Fact> sorted) {
    if (sorted.size() <= EVIDENCE_CAP) {
      return sorted;
    }
    List<Fact> kept = new ArrayList<>(sorted.subList(0, EVIDENCE_CAP - 1));
    kept.add(sorted.get(sorted.size() - 1));
    return kept;
  }

  /**
   * Same input, same ids: derived from what the alert is about (rule, source, time, the tick that
   * raised it and its place among the tick's alerts of that rule and source).
   */
  private static String idOf(String text) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)), 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
