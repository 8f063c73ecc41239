package dev.nsm.source;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes small pcap and pcapng files in tests, for link types no lab capture has. */
public final class SyntheticCapture {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteOrder order;
  private final boolean pcapng;
  private final boolean nanos;

  private SyntheticCapture(ByteOrder order, boolean pcapng, boolean nanos) {
    this.order = order;
    this.pcapng = pcapng;
    this.nanos = nanos;
  }

  /** A classic pcap with the given link type. */
  public static SyntheticCapture pcap(int linkType, ByteOrder order, boolean nanos) {
    SyntheticCapture c = new SyntheticCapture(order, false, nanos);
    c.write(
        c.buffer(24)
            .putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4)
            .putShort((short) 2)
            .putShort((short) 4)
            .putInt(0)
            .putInt(0)
            .putInt(262144)
            .putInt(linkType));
    return c;
  }

  public static SyntheticCapture pcap(int linkType) {
    return pcap(linkType, ByteOrder.LITTLE_ENDIAN, false);
  }

  /** A pcapng section header; add interfaces with {@link #pcapngInterface}. */
  public static SyntheticCapture pcapng(ByteOrder order) {
    SyntheticCapture c = new SyntheticCapture(order, true, false);
    c.section();
    return c;
  }

  public SyntheticCapture section() {
    write(
        buffer(28)
            .putInt(0x0a0d0d0a)
            .putInt(28)
            .putInt(0x1a2b3c4d)
            .putShort((short) 1)
            .putShort((short) 0)
            .putLong(-1)
            .putInt(28));
    return this;
  }

  /** An interface description; {@code tsresol} &lt; 0 leaves the default (microseconds). */
  public SyntheticCapture pcapngInterface(int linkType, int tsresol) {
    int total = tsresol < 0 ? 20 : 32;
    ByteBuffer b =
        buffer(total)
            .putInt(1)
            .putInt(total)
            .putShort((short) linkType)
            .putShort((short) 0)
            .putInt(262144);
    if (tsresol >= 0) {
      b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
      b.putShort((short) 0).putShort((short) 0);
    }
    write(b.putInt(total));
    return this;
  }

  /** A block of a type nsm does not know, to be skipped. */
  public SyntheticCapture unknownBlock(int type, int bodyLength) {
    int total = 12 + ((bodyLength + 3) & ~3);
    write(buffer(total).putInt(type).putInt(total).put(new byte[total - 12]).putInt(total));
    return this;
  }

  /** A packet at {@code units} since the epoch, in the file's units (µs, ns or the interface's). */
  public SyntheticCapture packet(long units, byte[] data) {
    if (!pcapng) {
      long perSecond = nanos ? 1_000_000_000L : 1_000_000L;
      write(
          buffer(16 + data.length)
              .putInt((int) (units / perSecond))
              .putInt((int) (units % perSecond))
              .putInt(data.length)
              .putInt(data.length)
              .put(data));
      return this;
    }
    int padded = (data.length + 3) & ~3;
    int total = 32 + padded;
    write(
        buffer(total)
            .putInt(6)
            .putInt(total)
            .putInt(0)
            .putInt((int) (units >>> 32))
            .putInt((int) units)
            .putInt(data.length)
            .putInt(data.length)
            .put(data)
            .put(new byte[padded - data.length])
            .putInt(total));
    return this;
  }

  public byte[] bytes() {
    return out.toByteArray();
  }

  private ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(order);
  }

  private void write(ByteBuffer b) {
    out.write(b.array(), 0, b.position());
  }
}
