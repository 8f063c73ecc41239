package dev.nsm.engine;

import dev.nsm.event.Fact;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kie.api.runtime.rule.EntryPoint;
import org.kie.api.runtime.rule.FactHandle;

/**
 * Caps how many facts the session holds. Expiry ({@code @expires}, from the longest window) bounds
 * them by time, which is not enough: a flood of spoofed sources at line rate puts millions of facts
 * in a five-minute window, and each costs the engine a few kilobytes. Beyond the cap the oldest
 * fact (of the first to arrive of each kind, the earliest in event time) is deleted before its
 * windows end, and counted, so the report can say that detections over long windows may have missed
 * it. The same input gives the same evictions on any machine: the cap is a number of facts, not a
 * share of memory.
 *
 * <p>Facts are remembered per entry point in insertion order; every fact of one entry point lives
 * equally long, so the ones the engine has already expired are found at the front and forgotten
 * there, and the queues stay about as long as what the session holds.
 */
final class HeldFacts {

  /** Facts the session holds at most, by default: see the README's sizing note. */
  static final int DEFAULT_MAX = 100_000;

  private record Held(Fact fact, FactHandle handle) {}

  private final int max;
  // In order of first use, so that a tie between two kinds' oldest facts goes the same way each
  // run.
  private final Map<EntryPoint, ArrayDeque<Held>> byEntryPoint = new LinkedHashMap<>();
  private int size;
  private long evicted;

  HeldFacts(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("the session must hold at least one fact: " + max);
    }
    this.max = max;
  }

  /** Remembers a fact just inserted, then deletes the oldest facts beyond the cap. */
  void inserted(EntryPoint entryPoint, Fact fact, FactHandle handle) {
    ArrayDeque<Held> queue = byEntryPoint.computeIfAbsent(entryPoint, e -> new ArrayDeque<>());
    forgetExpired(entryPoint, queue);
    queue.add(new Held(fact, handle));
    size++;
    if (size > max) {
      byEntryPoint.forEach(this::forgetExpired);
    }
    while (size > max) {
      evictOldest();
    }
  }

  private void forgetExpired(EntryPoint entryPoint, ArrayDeque<Held> queue) {
    while (!queue.isEmpty() && !isHeld(entryPoint, queue.peekFirst())) {
      queue.pollFirst();
      size--;
    }
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
    size--;
    if (isHeld(oldestEntryPoint, oldest)) {
      oldestEntryPoint.delete(oldest.handle);
      evicted++;
    }
  }

  private static boolean isHeld(EntryPoint entryPoint, Held held) {
    return entryPoint.getFactHandle(held.fact) != null;
  }

  /** Facts deleted before their windows ended, to stay within the cap. */
  long evicted() {
    return evicted;
  }

  int max() {
    return max;
  }
}
