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
 * #evicted()}. A drop sorts the table once per {@code capacity / 2} new pairs, so a new pair costs
 * amortised O(log capacity); updating a known pair is O(1).
 */
final class NearMisses {

  static final int DEFAULT_CAPACITY = 10_000;

  private static final class Entry {
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

  /** Weakest first: near misses by count/threshold, then alerted pairs; the newer of equals. */
  private static final Comparator<Entry> WEAKEST_FIRST =
      Comparator.comparing((Entry e) -> e.alerted)
          .thenComparing(BY_RATIO)
          .thenComparing(Comparator.comparingLong((Entry e) -> e.order).reversed());

  /** By rule; within a rule closest to the threshold first, then earliest peak, then source. */
  private static final Comparator<Entry> REPORT_ORDER =
      Comparator.comparing((Entry e) -> e.ruleId)
          .thenComparing(BY_RATIO.reversed())
          .thenComparingLong(e -> e.micros)
          .thenComparing(e -> e.source);

  /** {@link #all()}'s order, for near misses of several tables (sessions sharded by source). */
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
    List<Entry> entries = new ArrayList<>();
    for (Map<String, Entry> sources : byRule.values()) {
      for (Entry entry : sources.values()) {
        if (!entry.alerted && entry.count > 0) {
          entries.add(entry);
        }
      }
    }
    entries.sort(REPORT_ORDER);
    return entries.stream().map(Entry::nearMiss).toList();
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
    List<Entry> entries = new ArrayList<>(size);
    byRule.values().forEach(sources -> entries.addAll(sources.values()));
    entries.sort(WEAKEST_FIRST);
    int drop = entries.size() / 2;
    for (Entry entry : entries.subList(0, drop)) {
      Map<String, Entry> sources = byRule.get(entry.ruleId);
      sources.remove(entry.source);
      if (sources.isEmpty()) {
        byRule.remove(entry.ruleId);
      }
    }
    size -= drop;
    evicted += drop;
  }
}
