package dev.nsm.report;

import dev.nsm.event.NearMiss;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The near misses of a run as the report shows them: per rule in force, the sources that came
 * closest to its threshold without reaching it.
 *
 * @param perRule the most near misses listed per rule
 * @param byRule per rule that records near misses (sorted by id), its closest, at most {@code
 *     perRule}, closest first; an empty list when no source was counted below the threshold
 * @param unlisted per rule, its near misses beyond {@code perRule}
 * @param notRecording rules in force that do not record near misses (no {@code alerts.reached})
 * @param evicted (rule, source) pairs dropped during the run to keep memory bounded
 * @param capacity how many (rule, source) pairs are remembered at most
 */
public record NearMissReport(
    int perRule,
    SortedMap<String, List<NearMiss>> byRule,
    SortedMap<String, Long> unlisted,
    SortedSet<String> notRecording,
    long evicted,
    int capacity) {

  public NearMissReport {
    TreeMap<String, List<NearMiss>> copy = new TreeMap<>();
    byRule.forEach((rule, misses) -> copy.put(rule, List.copyOf(misses)));
    byRule = Collections.unmodifiableSortedMap(copy);
    unlisted = Collections.unmodifiableSortedMap(new TreeMap<>(unlisted));
    notRecording = Collections.unmodifiableSortedSet(new TreeSet<>(notRecording));
  }

  /**
   * Groups near misses by rule, keeping the first {@code perRule} of each.
   *
   * @param ruleIds the rules in force
   * @param notRecording those of them that do not record near misses
   * @param all every near miss, by rule id, then closest to the threshold first
   */
  public static NearMissReport of(
      Collection<String> ruleIds,
      Set<String> notRecording,
      List<NearMiss> all,
      int perRule,
      long evicted,
      int capacity) {
    if (perRule < 1) {
      throw new IllegalArgumentException("perRule must be at least 1: " + perRule);
    }
    SortedMap<String, List<NearMiss>> byRule = new TreeMap<>();
    for (String rule : ruleIds) {
      if (!notRecording.contains(rule)) {
        byRule.put(rule, new ArrayList<>());
      }
    }
    SortedMap<String, Long> unlisted = new TreeMap<>();
    for (NearMiss miss : all) {
      List<NearMiss> listed = byRule.computeIfAbsent(miss.ruleId(), id -> new ArrayList<>());
      if (listed.size() < perRule) {
        listed.add(miss);
      } else {
        unlisted.merge(miss.ruleId(), 1L, Long::sum);
      }
    }
    SortedSet<String> silent = new TreeSet<>(notRecording);
    silent.retainAll(ruleIds);
    return new NearMissReport(perRule, byRule, unlisted, silent, evicted, capacity);
  }
}
