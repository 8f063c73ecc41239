package dev.nsm.scenario.boundary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the policy says a threshold rule does, as a reference to hold the rule against, written
 * plainly rather than in Drools:
 *
 * <ul>
 *   <li>A rule evaluates when a counted fact arrives (or, with {@code @trigger}, a trigger fact).
 *   <li>It counts the same source's counted facts in the sliding window (t − window, t]: a fact
 *       exactly one window older than t no longer counts; with a trigger, only facts before it.
 *   <li>With {@code @distinct} it counts distinct values instead of facts.
 *   <li>It alerts when the count reaches {@code min_count} (inclusive), at time t.
 *   <li>After an alert, the same (rule, source) is suppressed for {@code suppress_for}: a fact
 *       arriving before alert time + suppress_for does not evaluate.
 * </ul>
 */
record StatedSemantics(
    int minCount, long windowMillis, long suppressMillis, boolean distinct, boolean triggered) {

  /**
   * An alert the semantics call for.
   *
   * @param step the fact whose arrival raises it
   * @param count what is counted at that moment
   */
  record Expected(Step step, long count) {}

  List<Expected> alerts(List<Step> steps) {
    List<Expected> alerts = new ArrayList<>();
    Map<Integer, Long> suppressedUntil = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      Step now = steps.get(i);
      if (now.trigger() != triggered) {
        continue;
      }
      if (now.at() < suppressedUntil.getOrDefault(now.source(), Long.MIN_VALUE)) {
        continue;
      }
      long facts = 0;
      Set<Integer> values = new HashSet<>();
      for (int j = 0; j <= i; j++) {
        Step earlier = steps.get(j);
        if (earlier.source() == now.source()
            && !earlier.trigger()
            && earlier.at() > now.at() - windowMillis
            && earlier.at() <= now.at()) {
          facts++;
          values.add(earlier.value());
        }
      }
      long count = distinct ? values.size() : facts;
      if (count >= minCount) {
        alerts.add(new Expected(now, count));
        suppressedUntil.put(now.source(), now.at() + suppressMillis);
      }
    }
    return alerts;
  }
}
