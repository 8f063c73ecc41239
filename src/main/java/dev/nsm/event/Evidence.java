package dev.nsm.event;

import java.util.List;

/**
 * Why an alert fired: what was counted against which threshold, over which window, and the facts
 * that contributed (at most {@code cap} of them; {@code omitted} says how many more there were).
 *
 * @param count the value observed (attempts, failures, distinct ports, ...)
 * @param threshold the policy's {@code min_count} in force (inclusive)
 * @param windowStartMicros start of the window, exclusive, epoch microseconds; windows count whole
 *     milliseconds, so this is the last microsecond of the millisecond one window before the end
 * @param windowEndMicros end of the window, inclusive: the event time of the fact that crossed it
 * @param facts the contributing facts in event-time order, at most {@code cap}
 * @param cap the most facts an alert lists
 * @param omitted contributing facts not listed because of the cap
 */
public record Evidence(
    long count,
    long threshold,
    long windowStartMicros,
    long windowEndMicros,
    List<Fact> facts,
    int cap,
    long omitted) {

  public Evidence {
    facts = List.copyOf(facts);
  }
}
