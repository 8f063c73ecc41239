package dev.nsm.decode;

/**
 * Bounds on what the cleartext decoder keeps, so memory stays flat whatever the traffic.
 *
 * @param maxStreams streams tracked at once; the least recently active is evicted beyond it
 * @param maxLineBytes longest protocol line kept; the rest of a longer line is dropped
 * @param maxAheadBytes bytes of out-of-order segments buffered per direction
 * @param maxAheadSegments out-of-order segments buffered per direction
 * @param idleTimeoutMicros a stream silent this long (packet time) is forgotten
 * @param maxExpectedConnections announced FTP data connections remembered at once
 * @param expectationMicros how long an announced data connection is remembered (packet time)
 * @param maxUserChars longest user name kept in a fact
 */
public record CleartextLimits(
    int maxStreams,
    int maxLineBytes,
    int maxAheadBytes,
    int maxAheadSegments,
    long idleTimeoutMicros,
    int maxExpectedConnections,
    long expectationMicros,
    int maxUserChars) {

  public static final CleartextLimits DEFAULTS =
      new CleartextLimits(10_000, 4096, 16 * 1024, 16, 300_000_000L, 1024, 120_000_000L, 256);

  public CleartextLimits {
    if (maxStreams < 1
        || maxLineBytes < 64
        || maxAheadBytes < 0
        || maxAheadSegments < 0
        || idleTimeoutMicros <= 0
        || maxExpectedConnections < 0
        || expectationMicros <= 0
        || maxUserChars < 1) {
      throw new IllegalArgumentException("limits out of range: " + this);
    }
  }
}
