package dev.nsm.source;

/** The one reusable array a reader copies records into; grows to the largest record, no further. */
final class RecordBuffer {

  /** No real link carries a packet above 1 MiB; a larger length means a corrupt file. */
  static final int MAX_RECORD_BYTES = 1 << 20;

  private byte[] array = new byte[65_536];

  /** An array of at least {@code length} bytes; its earlier content is kept. */
  byte[] array(int length) {
    if (array.length < length) {
      array = java.util.Arrays.copyOf(array, Math.max(length, array.length * 2));
    }
    return array;
  }
}
