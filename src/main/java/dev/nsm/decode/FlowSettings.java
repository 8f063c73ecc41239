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

  /**
   * 250,000 flows: 4,000 new flows a second for the idle time, in about 85 MB (a flow and its
   * attempt take some 340 bytes). A million took more memory than the engine's whole cap on facts.
   */
  public static final FlowSettings DEFAULTS = new FlowSettings(250_000, 60_000_000L, 30_000_000L);

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
