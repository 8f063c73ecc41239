package dev.nsm.event;

/**
 * Something that happened at a point in event time and is attributed to a source. Every fact is
 * immutable; {@code timestamp} (epoch milliseconds) drives the Drools clock, {@code micros} keeps
 * the capture's precision for evidence.
 */
public sealed interface Fact permits Connection, ConnectionOutcome, AuthAttempt, Alert {

  /** Event time in epoch milliseconds (Drools' {@code @timestamp}). */
  long timestamp();

  /** Event time in epoch microseconds. */
  long micros();

  /**
   * The key detections group by: the source address, or its prefix for IPv6 when the policy counts
   * IPv6 sources per prefix (so one attacker cannot rotate addresses inside a /64 to evade).
   */
  String source();

  /** Milliseconds from microseconds, rounding towards the past as a clock does. */
  static long millisOf(long micros) {
    return Math.floorDiv(micros, 1000L);
  }
}
