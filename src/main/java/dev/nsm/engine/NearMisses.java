package dev.nsm.engine;

import dev.nsm.event.Fact;
import dev.nsm.event.NearMiss;
import dev.nsm.event.Origin;
import dev.nsm.policy.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The peak count per (rule, source) below the rule's threshold, as rules report it through {@link
 * AlertRaiser#reached}. Only the peak is kept: the first tick that reached the highest count (a
 * later tie does not move it), and in that tick the latest trigger. A (rule, source) that alerted
 * is remembered as such and is no near miss.
 *
 * <p>Memory stays bounded on endless streams: at most {@code capacity} (rule, source) pairs are
 * remembered. When a new pair finds the table full, the weaker half is dropped (lowest
 * count/threshold first, alerted pairs last, the newer of equals first) and counted in {@link
 * #evicted()}. A drop selects the weaker half (quickselect, expected linear time; no full sort)
 * once per {@code capacity / 2} new pairs, so a new pair costs amortised O(1); updating a known
 * pair is O(1). With 100 k sources every new pair is a new entry, so this runs on the per-fact
 * path: sorting the table instead took 9 % of the whole ruleset's time.
 */
final class NearMisses {

  static final int DEFAULT_CAPACITY = 10_000;

  static final class Entry {
    final String ruleId;
    final String source;
    final long order;
    boolean alerted;
    long count;
    long threshold;
    Duration window;
    long micros;
    Origin origin;

    Entry(String ruleId, String source, long order) {
      this.ruleId = ruleId;
      this.source = source;
      this.order = order;
    }

    NearMiss nearMiss() {
      return new NearMiss(
          ruleId, source, count, threshold, DurationText.format(window), micros, origin);
    }
  }

  /** count/threshold, compared without rounding: a/b against c/d as a·d against c·b. */
  private static final Comparator<Entry> BY_RATIO =
      (a, b) ->
          Long.compare(a.count * Math.max(1, b.threshold), b.count * Math.max(1, a.threshold));

  /**
   * Weakest first: near misses by count/threshold, then alerted pairs; the newer of equals. A total
   * order ({@code order} is unique), so the weaker half is one set whichever way it is found.
   */
  static int weakestFirst(Entry a, Entry b) {
    if (a.alerted != b.alerted) {
      return a.alerted ? 1 : -1;
    }
    int ratio = BY_RATIO.compare(a, b);
    return ratio != 0 ? ratio : Long.compare(b.order, a.order);
  }

  /**
   * {@link #all()}'s order, also for near misses of several tables (sessions sharded by source): by
   * rule; within a rule closest to the threshold first, then earliest peak, then source.
   */
  static final Comparator<NearMiss> NEAR_MISS_ORDER =
      Comparator.comparing(NearMiss::ruleId)
          .thenComparing(
              (NearMiss a, NearMiss b) ->
                  Long.compare(
                      b.count() * Math.max(1, a.threshold()),
                      a.count() * Math.max(1, b.threshold())))
          .thenComparingLong(NearMiss::peakMicros)
          .thenComparing(NearMiss::source);

  private final int capacity;
  // By rule, then source: looking up a pair allocates no key, and this runs for every evaluation.
  private final Map<String, Map<String, Entry>> byRule = new HashMap<>();
  private int size;
  private long created;
  private long evicted;

  NearMisses(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity must be at least 2: " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * An evaluation of the rule for the source counted {@code count} against {@code threshold};
   * remembered if it is the highest yet below the threshold. A count of 0 says nothing about the
   * source and is not remembered.
   */
  void reached(
      String ruleId,
      String source,
      long count,
      long threshold,
      Duration window,
      long micros,
      Origin origin) {
    if (count < 1 || count >= threshold) {
      return;
    }
    Entry entry = entry(ruleId, source);
    if (entry.alerted || count < entry.count) {
      return;
    }
    // Rules fire once per millisecond tick, so every trigger of a tick sees the whole tick: of
    // equal counts within the tick, the latest trigger is the one that completed the count.
    // A later tick that only equals the peak does not move it.
    boolean sameTickLater =
        Fact.millisOf(micros) == Fact.millisOf(entry.micros) && micros > entry.micros;
    if (count == entry.count && !sameTickLater) {
      return;
    }
    entry.count = count;
    entry.threshold = threshold;
    entry.window = window;
    entry.micros = micros;
    entry.origin = origin;
  }

  /** The rule alerted for the source: from now on it is no near miss. */
  void alerted(String ruleId, String source) {
    Entry entry = entry(ruleId, source);
    entry.alerted = true;
    entry.origin = null;
    entry.window = null;
  }

  /** The near miss of (rule, source), or {@code null} if it alerted or nothing was counted. */
  NearMiss of(String ruleId, String source) {
    Entry entry = byRule.getOrDefault(ruleId, Map.of()).get(source);
    return entry == null || entry.alerted || entry.count == 0 ? null : entry.nearMiss();
  }

  /** Every near miss remembered, by rule id, then closest to the threshold, then earliest. */
  List<NearMiss> all() {
    List<NearMiss> nearMisses = new ArrayList<>();
    for (Map<String, Entry> sources : byRule.values()) {
      for (Entry entry : sources.values()) {
        if (!entry.alerted && entry.count > 0) {
          nearMisses.add(entry.nearMiss());
        }
      }
    }
    nearMisses.sort(NEAR_MISS_ORDER);
    return nearMisses;
  }

  /** (rule, source) pairs dropped to stay within the capacity. */
  long evicted() {
    return evicted;
  }

  int size() {
    return size;
  }

  int capacity() {
    return capacity;
  }

  private Entry entry(String ruleId, String source) {
    Map<String, Entry> sources = byRule.computeIfAbsent(ruleId, id -> new HashMap<>());
    Entry entry = sources.get(source);
    if (entry == null) {
      if (size >= capacity) {
        dropWeakerHalf();
        sources = byRule.computeIfAbsent(ruleId, id -> new HashMap<>());
      }
      entry = new Entry(ruleId, source, created++);
      sources.put(source, entry);
      size++;
    }
    return entry;
  }

  private void dropWeakerHalf() {
    Entry[] entries = new Entry[size];
    int n = 0;
    for (Map<String, Entry> sources : byRule.values()) {
      for (Entry entry : sources.values()) {
        entries[n++] = entry;
      }
    }
    int drop = n / 2;
    selectWeakest(entries, drop);
    for (int i = 0; i < drop; i++) {
      Entry entry = entries[i];
      Map<String, Entry> sources = byRule.get(entry.ruleId);
      sources.remove(entry.source);
      if (sources.isEmpty()) {
        byRule.remove(entry.ruleId);
      }
    }
    size -= drop;
    evicted += drop;
  }

  /**
   * Reorders {@code entries} so that its first {@code k} are the {@code k} weakest ({@link
   * #weakestFirst}), in no particular order: Hoare's quickselect.
   */
  static void selectWeakest(Entry[] entries, int k) {
    int lo = 0;
    int hi = entries.length - 1;
    while (k > 0 && lo < hi) {
      Entry pivot = entries[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (weakestFirst(entries[i], pivot) < 0) {
          i++;
        }
        while (weakestFirst(entries[j], pivot) > 0) {
          j--;
        }
        if (i <= j) {
          Entry swap = entries[i];
          entries[i] = entries[j];
          entries[j] = swap;
          i++;
          j--;
        }
      }
      // Now entries[lo..j] <= pivot <= entries[i..hi], and anything between equals the pivot.
      if (k - 1 <= j) {
        hi = j;
      } else if (k - 1 >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }
}
