package dev.nsm.source;

import java.io.IOException;

/**
 * Classic libpcap files: a 24-byte file header, then 16-byte record headers each followed by the
 * captured bytes. Microsecond (a1b2c3d4) and nanosecond (a1b23c4d) magics in either byte order.
 */
final class ClassicPcapReader {

  static final long MICROS_MAGIC = 0xa1b2c3d4L;
  static final long NANOS_MAGIC = 0xa1b23c4dL;
  private static final int FILE_HEADER_BYTES = 24;
  private static final int RECORD_HEADER_BYTES = 16;

  private ClassicPcapReader() {}

  /** Whether the first four bytes (read big-endian) are a classic pcap magic in either order. */
  static boolean isMagic(long bigEndianMagic) {
    return bigEndianMagic == MICROS_MAGIC
        || bigEndianMagic == NANOS_MAGIC
        || bigEndianMagic == Long.reverseBytes(MICROS_MAGIC) >>> 32
        || bigEndianMagic == Long.reverseBytes(NANOS_MAGIC) >>> 32;
  }

  /** Reads the records after the magic (already in {@code buffer[0..4)}). */
  static long read(String file, CaptureInput in, RecordBuffer buffer, PacketHandler handler)
      throws IOException {
    byte[] header = buffer.array(FILE_HEADER_BYTES);
    if (in.readUpTo(header, 4, FILE_HEADER_BYTES - 4) < FILE_HEADER_BYTES - 4) {
      throw new CaptureFormatException(file, "pcap file header is cut short");
    }
    long magic = ByteOrderedReads.u32BigEndian(header, 0);
    boolean bigEndian = magic == MICROS_MAGIC || magic == NANOS_MAGIC;
    ByteOrderedReads order = new ByteOrderedReads(bigEndian);
    boolean nanos = order.u32(header, 0) == NANOS_MAGIC;
    long snapLength = order.u32(header, 16);
    int linkType = (int) (order.u32(header, 20) & 0xffff);
    long recordLimit = Math.min(RecordBuffer.MAX_RECORD_BYTES, Math.max(snapLength, 262_144));

    long frame = 0;
    while (true) {
      frame++;
      byte[] record = buffer.array(RECORD_HEADER_BYTES);
      int got = in.readUpTo(record, 0, RECORD_HEADER_BYTES);
      if (got == 0) {
        return frame - 1;
      }
      if (got < RECORD_HEADER_BYTES) {
        throw new CaptureFormatException(
            file, frame, "record header needs 16 bytes but the file ends after " + got);
      }
      long seconds = order.u32(record, 0);
      long fraction = order.u32(record, 4);
      long captured = order.u32(record, 8);
      if (captured > recordLimit) {
        throw new CaptureFormatException(
            file,
            frame,
            "record claims "
                + captured
                + " bytes, more than the limit of "
                + recordLimit
                + " (snap length "
                + snapLength
                + ")");
      }
      int length = (int) captured;
      byte[] data = buffer.array(length);
      int read = in.readUpTo(data, 0, length);
      if (read < length) {
        throw new CaptureFormatException(
            file, frame, "record claims " + length + " bytes but the file ends after " + read);
      }
      long micros = seconds * 1_000_000L + (nanos ? fraction / 1000 : fraction);
      handler.onPacket(linkType, micros, data, 0, length, frame);
    }
  }
}
