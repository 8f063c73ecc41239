package dev.nsm.decode;

import java.util.Arrays;

/**
 * One direction of a TCP stream put back in sequence order: bytes already delivered
 * (retransmissions) are ignored, segments that arrive early wait in a small bounded buffer, and
 * when a hole never fills the stream skips it rather than stall forever.
 */
final class InOrderBytes {

  /** Receives the bytes in order. */
  interface Sink {
    void bytes(byte[] bytes, int offset, int length);

    /** Bytes were skipped: what was half-read cannot be trusted. */
    void gap();
  }

  private final int maxAheadBytes;
  private final byte[][] aheadData;
  private final long[] aheadSeq;
  private int aheadCount;
  private int aheadBytes;

  /** Next expected sequence number (32 bits), or -1 before the first segment. */
  private long next = -1;

  private long droppedBytes;

  InOrderBytes(int maxAheadBytes, int maxAheadSegments) {
    this.maxAheadBytes = maxAheadBytes;
    this.aheadData = new byte[maxAheadSegments][];
    this.aheadSeq = new long[maxAheadSegments];
  }

  /** The SYN tells where the byte stream starts. */
  void syn(long seq) {
    next = (seq + 1) & 0xFFFF_FFFFL;
    aheadCount = 0;
    aheadBytes = 0;
  }

  /** Bytes dropped for bounds (out-of-order overflow, skipped holes) so far. */
  long droppedBytes() {
    return droppedBytes;
  }

  void segment(long seq, byte[] data, int offset, int length, Sink sink) {
    if (length == 0) {
      return;
    }
    if (next < 0) {
      // Picked up mid-stream: start where we are.
      next = seq;
    }
    int delta = distance(next, seq);
    if (delta <= 0) {
      int skip = -delta;
      if (skip >= length) {
        return; // entirely a retransmission
      }
      deliver(data, offset + skip, length - skip, sink);
      drainAhead(sink);
      return;
    }
    if (aheadData.length == 0 || length > maxAheadBytes) {
      skipHoleTo(seq, sink);
      deliver(data, offset, length, sink);
      drainAhead(sink);
      return;
    }
    while (aheadCount == aheadData.length || aheadBytes + length > maxAheadBytes) {
      // No room to wait for the hole: give it up and read what we have.
      skipHoleTo(aheadSeq[earliestAhead()], sink);
      drainAhead(sink);
    }
    if (distance(next, seq) <= 0) {
      segment(seq, data, offset, length, sink);
      return;
    }
    aheadData[aheadCount] = Arrays.copyOfRange(data, offset, offset + length);
    aheadSeq[aheadCount] = seq;
    aheadCount++;
    aheadBytes += length;
  }

  private void deliver(byte[] data, int offset, int length, Sink sink) {
    sink.bytes(data, offset, length);
    next = (next + length) & 0xFFFF_FFFFL;
  }

  private void drainAhead(Sink sink) {
    boolean progress = true;
    while (progress && aheadCount > 0) {
      progress = false;
      for (int i = 0; i < aheadCount; i++) {
        int delta = distance(next, aheadSeq[i]);
        if (delta <= 0) {
          byte[] data = aheadData[i];
          removeAhead(i);
          int skip = -delta;
          if (skip < data.length) {
            deliver(data, skip, data.length - skip, sink);
          }
          progress = true;
          break;
        }
      }
    }
  }

  private void skipHoleTo(long seq, Sink sink) {
    int hole = distance(next, seq);
    if (hole > 0) {
      droppedBytes += hole;
      next = seq;
      sink.gap();
    }
  }

  private int earliestAhead() {
    int best = 0;
    for (int i = 1; i < aheadCount; i++) {
      if (distance(aheadSeq[best], aheadSeq[i]) < 0) {
        best = i;
      }
    }
    return best;
  }

  private void removeAhead(int index) {
    aheadBytes -= aheadData[index].length;
    aheadCount--;
    aheadData[index] = aheadData[aheadCount];
    aheadSeq[index] = aheadSeq[aheadCount];
    aheadData[aheadCount] = null;
  }

  /**
   * Signed distance from {@code from} to {@code to} in 32-bit sequence space. Exactly half the
   * space away is ambiguous and counts as ahead: as -2^31 its negation stayed negative, and a
   * segment there was "delivered" from a negative offset (found by the fuzzer: one crafted segment
   * threw out of the decoder and ended the capture's read).
   */
  private static int distance(long from, long to) {
    int distance = (int) (to - from);
    return distance == Integer.MIN_VALUE ? Integer.MAX_VALUE : distance;
  }
}
