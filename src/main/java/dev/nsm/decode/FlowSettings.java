package dev.nsm.decode;

/**
 * Limits of the flow table.
 *
 * @param maxFlows flows kept at most; the least recently active is evicted beyond it
 * @param idleMicros a flow with no packet for this long is forgotten; the next UDP packet of its
 *     tuple is a new attempt
 * @param answerTimeoutMicros an attempt with no answer for this long is unanswered
 */
public record FlowSettings(int maxFlows, long idleMicros, long answerTimeoutMicros) {

  public static final FlowSettings DEFAULTS = new FlowSettings(1_000_000, 60_000_000L, 30_000_000L);

  /** These settings with another cap on the flow table. */
  public FlowSettings withMaxFlows(int max) {
    return new FlowSettings(max, idleMicros, answerTimeoutMicros);
  }

  public FlowSettings {
    if (maxFlows < 1 || idleMicros < 1 || answerTimeoutMicros < 1) {
      throw new IllegalArgumentException("flow limits must be positive");
    }
  }
}
