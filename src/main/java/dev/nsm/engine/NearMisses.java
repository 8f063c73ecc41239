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
 * count/threshold first, alerted pairs last, the newer of equals first; quickselect, no full sort).
 * The strongest pair a drop let go becomes the admission floor: from then on a new near miss at or
 * below it is refused without an entry, since it ranks below every pair held and would be the first
 * to go at the next drop. A refused pair gets in once its count rises above the floor; alerted
 * pairs always get in. Dropped and refused pairs are counted in {@link #evicted()}.
 *
 * <p>This runs for every evaluation of a rule. Updating a known pair or refusing a new one costs
 * two hash lookups and no allocation. With many sources counting low most new pairs are refused, so
 * entries and drops are rare: admitting each and dropping half the table every {@code capacity / 2}
 * of them took 11–14 % of the default ruleset's time at 100 k sources.
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
  // The admission floor, as count/threshold: the strongest pair the last drop let go (1/1, above
  // every near miss, if it let an alerted pair go); 0/1 admits everything until the first drop.
  // It never has to go down: every pair held outranks it (kept pairs outranked what was dropped,
  // admitted ones are above it, and a pair's count only rises), and only a drop removes pairs, so
  // at least capacity - capacity / 2 pairs stay above it. The next drop therefore lets go of
  // nothing below it, and a lower floor would only admit pairs that go first at that drop.
  private long floorCount;
  private long floorThreshold = 1;

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
    Entry entry = find(ruleId, source);
    if (entry == null) {
      if (size >= capacity && !atOrBelowFloor(count, threshold)) {
        dropWeakerHalf();
      }
      // Asked again as the drop may have raised the floor.
      if (atOrBelowFloor(count, threshold)) {
        evicted++;
        return;
      }
      entry = add(ruleId, source);
    } else if (entry.alerted || count < entry.count) {
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
    Entry entry = find(ruleId, source);
    if (entry == null) {
      entry = add(ruleId, source);
    }
    entry.alerted = true;
    entry.origin = null;
    entry.window = null;
  }

  /** The near miss of (rule, source), or {@code null} if it alerted or nothing was counted. */
  NearMiss of(String ruleId, String source) {
    Entry entry = find(ruleId, source);
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

  /**
   * (rule, source) pairs dropped or refused to stay within the capacity; a pair let go again
   * (refused at each evaluation, or dropped again after it came back) counts again.
   */
  long evicted() {
    return evicted;
  }

  int size() {
    return size;
  }

  int capacity() {
    return capacity;
  }

  /**
   * Whether a new near miss ranks below the pair that set the floor: it is newer, so an equal ratio
   * ranks below too.
   */
  private boolean atOrBelowFloor(long count, long threshold) {
    return count * floorThreshold <= floorCount * threshold;
  }

  private Entry find(String ruleId, String source) {
    Map<String, Entry> sources = byRule.get(ruleId);
    return sources == null ? null : sources.get(source);
  }

  private Entry add(String ruleId, String source) {
    if (size >= capacity) {
      dropWeakerHalf();
    }
    Entry entry = new Entry(ruleId, source, created++);
    byRule.computeIfAbsent(ruleId, id -> new HashMap<>()).put(source, entry);
    size++;
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
    Entry strongest = entries[0];
    for (int i = 0; i < drop; i++) {
      Entry entry = entries[i];
      if (weakestFirst(entry, strongest) > 0) {
        strongest = entry;
      }
      Map<String, Entry> sources = byRule.get(entry.ruleId);
      sources.remove(entry.source);
      if (sources.isEmpty()) {
        byRule.remove(entry.ruleId);
      }
    }
    size -= drop;
    evicted += drop;
    floorCount = strongest.alerted ? 1 : strongest.count;
    floorThreshold = strongest.alerted ? 1 : Math.max(1, strongest.threshold);
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
