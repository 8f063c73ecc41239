package dev.nsm.bench.capture;

/** The Internet checksum (RFC 1071): partial sums in a long, folded once at the end. */
final class Checksums {

  private Checksums() {}

  /** Sum of big-endian 16-bit words; an odd last byte counts as the high byte of a word. */
  static long sum(byte[] b, int offset, int length) {
    long s = 0;
    int end = offset + length - 1;
    int i = offset;
    for (; i < end; i += 2) {
      s += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
    if (i == end) {
      s += (b[i] & 0xff) << 8;
    }
    return s;
  }

  static int fold(long sum) {
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) sum;
  }

  /** The checksum field: the complement of the folded sum. */
  static int finish(long sum) {
    return ~fold(sum) & 0xffff;
  }

  /**
   * The sum of bytes that sit at an odd offset of the checksummed data, from their sum as if they
   * were aligned: one's complement addition is byte-order independent, so it is the byte swap.
   */
  static long shifted(long alignedSum) {
    int folded = fold(alignedSum);
    return ((folded & 0xff) << 8) | (folded >>> 8);
  }
}
