package dev.nsm.bench.capture;

import java.util.SplittableRandom;

/**
 * Pseudo-random payload bytes (what encrypted or compressed content looks like), with prefix sums
 * of their 16-bit words so that the checksum of any run of them costs two array reads instead of a
 * pass over the bytes. This is what lets the generator write gigabytes quickly.
 */
final class Filler {

  static final int SIZE = 1 << 18;

  /** Longest run one packet takes from the filler. */
  static final int MAX_RUN = 1 << 16;

  final byte[] bytes = new byte[SIZE + MAX_RUN];
  private final long[] prefix = new long[(SIZE + MAX_RUN) / 2 + 1];

  Filler(long seed) {
    new SplittableRandom(seed).nextBytes(bytes);
    for (int w = 0; w < prefix.length - 1; w++) {
      prefix[w + 1] = prefix[w] + (((bytes[2 * w] & 0xff) << 8) | (bytes[2 * w + 1] & 0xff));
    }
  }

  /** A start offset for a run: even, so runs line up with the prefix sums. */
  static int start(int packetOrder) {
    return (int) ((packetOrder * 0x9E3779B1L) & (SIZE - 2));
  }

  /** Partial sum of {@code length} bytes from the even offset {@code start}, as if aligned. */
  long sum(int start, int length) {
    int firstWord = start >>> 1;
    long s = prefix[firstWord + (length >>> 1)] - prefix[firstWord];
    if ((length & 1) != 0) {
      s += (bytes[start + length - 1] & 0xff) << 8;
    }
    return s;
  }
}
