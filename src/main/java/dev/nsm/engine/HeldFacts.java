package dev.nsm.engine;

import dev.nsm.event.Fact;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kie.api.runtime.rule.EntryPoint;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Every fact the session holds, and when it leaves. A fact is deleted once event time has passed
 * the longest window over its type ({@link FactExpiry}): nsm expires facts itself, from one queue
 * per entry point in insertion order, instead of a Drools timer job per fact.
 *
 * <p>Time alone is not enough: a flood of spoofed sources at line rate puts millions of facts in a
 * five-minute window, and each costs the engine a few kilobytes. Beyond the cap the oldest fact (of
 * the first to arrive of each kind, the earliest in event time) is deleted before its windows end,
 * and counted, so the report can say that detections over long windows may have missed it. The same
 * input gives the same evictions on any machine: the cap is a number of facts, not a share of
 * memory.
 */
final class HeldFacts {

  /** Facts the session holds at most, by default: see the README's sizing note. */
  static final int DEFAULT_MAX = 100_000;

  private record Held(Fact fact, FactHandle handle) {}

  private final int max;
  private final Map<String, Long> expiryMillis;
  // In order of first use, so that a tie between two kinds' oldest facts goes the same way each
  // run.
  private final Map<EntryPoint, ArrayDeque<Held>> byEntryPoint = new LinkedHashMap<>();
  private int size;
  private long evicted;

  /**
   * @param expiryMillis by fact type (simple class name): how long after its timestamp a fact
   *     leaves
   */
  HeldFacts(int max, Map<String, Long> expiryMillis) {
    if (max < 1) {
      throw new IllegalArgumentException("the session must hold at least one fact: " + max);
    }
    this.max = max;
    this.expiryMillis = Map.copyOf(expiryMillis);
  }

  /** Remembers a fact just inserted, then deletes the oldest facts beyond the cap. */
  void inserted(EntryPoint entryPoint, Fact fact, FactHandle handle) {
    byEntryPoint.computeIfAbsent(entryPoint, e -> new ArrayDeque<>()).add(new Held(fact, handle));
    size++;
    while (size > max) {
      evictOldest();
    }
  }

  /**
   * Deletes the facts whose windows have all ended by {@code now}: older than the longest window
   * over their type. A late fact may wait behind newer ones of its entry point; it leaves with
   * them.
   */
  void expire(long now) {
    byEntryPoint.forEach(
        (entryPoint, queue) -> {
          while (!queue.isEmpty() && isOver(queue.peekFirst().fact, now)) {
            delete(entryPoint, queue.pollFirst());
          }
        });
  }

  private boolean isOver(Fact fact, long now) {
    Long expiry = expiryMillis.get(fact.getClass().getSimpleName());
    return expiry != null && fact.timestamp() + expiry < now;
  }

  private void evictOldest() {
    EntryPoint oldestEntryPoint = null;
    Held oldest = null;
    for (Map.Entry<EntryPoint, ArrayDeque<Held>> entry : byEntryPoint.entrySet()) {
      Held first = entry.getValue().peekFirst();
      if (first != null && (oldest == null || first.fact.micros() < oldest.fact.micros())) {
        oldest = first;
        oldestEntryPoint = entry.getKey();
      }
    }
    byEntryPoint.get(oldestEntryPoint).pollFirst();
    if (delete(oldestEntryPoint, oldest)) {
      evicted++;
    }
  }

  /** Deletes the fact unless a rule already did; true if it was still held. */
  private boolean delete(EntryPoint entryPoint, Held held) {
    size--;
    if (entryPoint.getFactHandle(held.fact) == null) {
      return false;
    }
    entryPoint.delete(held.handle);
    return true;
  }

  /** Facts deleted before their windows ended, to stay within the cap. */
  long evicted() {
    return evicted;
  }

  int max() {
    return max;
  }
}
