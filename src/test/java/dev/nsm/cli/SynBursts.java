package dev.nsm.cli;

import dev.nsm.decode.TestPackets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A pcap in which one source after another sends six TCP SYNs to port 80 within half a second: each
 * source raises one high-frequency alert. Written as a stream, as long as needed, so a test can
 * keep nsm replaying for as long as it likes.
 */
final class SynBursts {

  /** 2026-11-25T09:00:00Z. */
  private static final long START_SECONDS = 1_795_597_200L;

  private static final int SYN = 0x02;

  private SynBursts() {}

  /** The whole capture of {@code sources} bursts. */
  static byte[] capture(int sources) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      header(out);
      for (int s = 0; s < sources; s++) {
        burst(out, s);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  /** The file header, then the first {@code sources} bursts, each flushed as it is written. */
  static void stream(OutputStream out, long sources) throws IOException {
    header(out);
    for (long s = 0; s < sources; s++) {
      burst(out, s);
      out.flush();
    }
  }

  /** Bytes of the file header and the first {@code sources} bursts. */
  static int prefixLength(int sources) {
    return capture(sources).length;
  }

  private static void header(OutputStream out) throws IOException {
    out.write(
        ByteBuffer.allocate(24)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(0xa1b2c3d4)
            .putShort((short) 2)
            .putShort((short) 4)
            .putInt(0)
            .putInt(0)
            .putInt(262144)
            .putInt(1)
            .array());
  }

  /** Source number {@code s}, at second {@code s}: 198.18.x.y, cycling through 198.18.0.0/15. */
  private static void burst(OutputStream out, long s) throws IOException {
    long address = s % (1 << 17) + 1;
    String source =
        "198." + (18 + (address >> 16)) + "." + ((address >> 8) & 255) + "." + (address & 255);
    for (int i = 0; i < 6; i++) {
      byte[] packet =
          TestPackets.ethernet(
              TestPackets.ipv4(
                  source, "203.0.113.10", 6, TestPackets.tcp(40000 + i, 80, SYN, 1000L * i, 0)));
      out.write(
          ByteBuffer.allocate(16 + packet.length)
              .order(ByteOrder.LITTLE_ENDIAN)
              .putInt((int) (START_SECONDS + s))
              .putInt(i * 100_000)
              .putInt(packet.length)
              .putInt(packet.length)
              .put(packet)
              .array());
    }
  }
}
