package dev.nsm.source;

/** Reads of capture header fields in the byte order the file was written in. */
final class ByteOrderedReads {

  private final boolean bigEndian;

  ByteOrderedReads(boolean bigEndian) {
    this.bigEndian = bigEndian;
  }

  int u16(byte[] b, int at) {
    return bigEndian
        ? ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff)
        : ((b[at + 1] & 0xff) << 8) | (b[at] & 0xff);
  }

  long u32(byte[] b, int at) {
    return bigEndian
        ? ((b[at] & 0xffL) << 24)
            | ((b[at + 1] & 0xffL) << 16)
            | ((b[at + 2] & 0xffL) << 8)
            | (b[at + 3] & 0xffL)
        : ((b[at + 3] & 0xffL) << 24)
            | ((b[at + 2] & 0xffL) << 16)
            | ((b[at + 1] & 0xffL) << 8)
            | (b[at] & 0xffL);
  }

  static long u32BigEndian(byte[] b, int at) {
    return new ByteOrderedReads(true).u32(b, at);
  }
}
