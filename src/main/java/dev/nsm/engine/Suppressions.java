package dev.nsm.engine;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * One alert per (rule, source) per suppression interval. Repeats inside the interval are counted
 * and handed to the next alert of the same (rule, source). An entry is forgotten one further
 * interval after it ends, so the table holds only recently alerting sources however long the stream
 * runs.
 */
final class Suppressions {

  private static final class Entry {
    final String key;
    long until;
    long forgetAt;
    long repeats;

    Entry(String key) {
      this.key = key;
    }
  }

  private final Map<String, Entry> entries = new HashMap<>();
  private final PriorityQueue<Entry> byForgetTime =
      new PriorityQueue<>(Comparator.comparingLong((Entry e) -> e.forgetAt));

  private static String key(String ruleId, String source) {
    return ruleId + '\u0000' + source;
  }

  /** Whether (rule, source) is inside its interval at {@code now}. */
  boolean isSuppressed(String ruleId, String source, long now) {
    Entry entry = entries.get(key(ruleId, source));
    return entry != null && now < entry.until;
  }

  void countRepeat(String ruleId, String source) {
    Entry entry = entries.get(key(ruleId, source));
    if (entry != null) {
      entry.repeats++;
    }
  }

  /**
   * Starts an interval for (rule, source) at {@code now}.
   *
   * @return the repeats counted since the previous alert of the same (rule, source)
   */
  long start(String ruleId, String source, long now, long intervalMillis) {
    String key = key(ruleId, source);
    Entry entry = entries.remove(key);
    long repeats = entry == null ? 0 : entry.repeats;
    Entry fresh = new Entry(key);
    fresh.until = now + intervalMillis;
    fresh.forgetAt = now + 2 * intervalMillis;
    entries.put(key, fresh);
    byForgetTime.add(fresh);
    return repeats;
  }

  /** Forgets entries whose interval ended more than one interval ago. */
  void expire(long now) {
    while (!byForgetTime.isEmpty() && byForgetTime.peek().forgetAt <= now) {
      Entry entry = byForgetTime.poll();
      entries.remove(entry.key, entry);
    }
  }

  int size() {
    return entries.size();
  }
}
