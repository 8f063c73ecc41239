package dev.nsm.source;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;

/**
 * Streams a pcap of TCP SYNs to one web server, each from a source address never seen before, as a
 * SYN flood with spoofed sources looks: the input that would grow every per-source table without
 * bound. Written packet by packet, so any number of packets takes no memory; piped into {@code nsm
 * run --pcap -} it needs no disk either.
 *
 * <pre>
 * java -cp target/test-classes dev.nsm.source.SpoofedSynFlood PACKETS [PER_SECOND] [FILE|-]
 * </pre>
 *
 * Sources are distinct for the first 2^27 packets (11.0.0.0 to 18.255.255.255, in a scattered
 * order); the target is 203.0.113.10 port 80, a standard port, so no rule alerts on a single SYN.
 * Event time starts at 2026-11-25T00:00:00Z and advances by 1/PER_SECOND (default 10,000) per
 * packet. No SYN is ever answered.
 */
public final class SpoofedSynFlood {

  static final long START_MICROS = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli() * 1000;
  static final int TARGET = 0xCB00710A; // 203.0.113.10
  private static final int FIRST_SOURCE = 0x0B000000; // 11.0.0.0
  private static final int SOURCE_SPACE = 1 << 27;
  private static final int FRAME = 14 + 20 + 20;

  private final OutputStream out;
  private final ByteBuffer record = ByteBuffer.allocate(16 + FRAME).order(ByteOrder.LITTLE_ENDIAN);
  private final long microsPerPacketTimes1000;
  private long written;

  public SpoofedSynFlood(OutputStream out, int packetsPerSecond) throws IOException {
    this.out = out;
    this.microsPerPacketTimes1000 = 1_000_000_000L / packetsPerSecond;
    ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    header.putInt(65535).putInt(1); // snap length, Ethernet
    out.write(header.array());
  }

  /** The source address of the i-th packet: an odd multiplier scatters i over the space. */
  static int source(long i) {
    return FIRST_SOURCE + (int) ((i * 0x9E3779B1L) & (SOURCE_SPACE - 1));
  }

  /** Appends the next SYN. */
  public void next() throws IOException {
    long i = written++;
    long micros = START_MICROS + i * microsPerPacketTimes1000 / 1000;
    record.clear();
    record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000));
    record.putInt(FRAME).putInt(FRAME);
    record.order(ByteOrder.BIG_ENDIAN);
    record.putInt(0x02000000).putShort((short) 0x0001); // destination MAC 02:00:00:00:00:01
    record.putInt(0x02000000).putShort((short) 0x0002); // source MAC 02:00:00:00:00:02
    record.putShort((short) 0x0800);
    int ip = record.position();
    record.putShort((short) 0x4500).putShort((short) 40).putShort((short) i).putShort((short) 0);
    record.put((byte) 64).put((byte) 6).putShort((short) 0);
    record.putInt(source(i)).putInt(TARGET);
    record.putShort(ip + 10, checksum(record.array(), ip, 20));
    record.putShort((short) (1024 + i % 60000)).putShort((short) 80);
    record.putInt((int) (i * 2654435761L)).putInt(0);
    record.putShort((short) 0x5002).putShort((short) 64240).putInt(0); // SYN, window, no checksum
    record.order(ByteOrder.LITTLE_ENDIAN);
    out.write(record.array(), 0, record.position());
  }

  private static short checksum(byte[] data, int offset, int length) {
    int sum = 0;
    for (int i = offset; i < offset + length; i += 2) {
      sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (short) ~sum;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: SpoofedSynFlood PACKETS [PER_SECOND] [FILE|-]");
      System.exit(2);
    }
    long packets = Long.parseLong(args[0]);
    int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    boolean toStdout = args.length < 3 || args[2].equals("-");
    try (OutputStream out =
        new BufferedOutputStream(toStdout ? System.out : new FileOutputStream(args[2]), 1 << 16)) {
      SpoofedSynFlood flood = new SpoofedSynFlood(out, perSecond);
      for (long i = 0; i < packets; i++) {
        flood.next();
      }
    }
  }
}
