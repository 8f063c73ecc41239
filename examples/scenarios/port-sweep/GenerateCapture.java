import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Writes capture.pcap for the port-sweep scenario: SYNTHETIC traffic, because none of the real
 * captures holds a horizontal sweep.
 *
 * <p>What it contains, all on 2026-11-20 from 10:00:00 UTC:
 *
 * <ul>
 *   <li>198.51.100.66 probes TCP port 445 on 203.0.113.1 to .40, one SYN every 250 ms (slow
 *       enough that high-frequency, 6 in 1 s, stays quiet). .10 and .20 answer SYN-ACK and the
 *       scanner resets, the others answer RST, like {@code nmap -sS -p445 --scan-delay 250ms}.
 *   <li>192.0.2.10, a benign client, opens one HTTP connection to 203.0.113.10 every 2 s, with a
 *       full handshake, a request and a response.
 * </ul>
 *
 * <p>Run from this directory: {@code java GenerateCapture.java capture.pcap}. The output is the
 * same bytes every time; the project's tests check that the committed capture matches it.
 */
public final class GenerateCapture {

  static final long START_MICROS = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli() * 1000;
  static final int SCANNER = ip(198, 51, 100, 66);
  static final int CLIENT = ip(192, 0, 2, 10);
  static final int WEB_SERVER = ip(203, 0, 113, 10);

  static final int SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, FIN = 0x01;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private int ipId = 1;

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java GenerateCapture.java OUTPUT.pcap");
      System.exit(2);
    }
    Files.write(Path.of(args[0]), new GenerateCapture().capture());
  }

  byte[] capture() {
    header();
    for (int i = 0; i < 40; i++) {
      long t = START_MICROS + i * 250_000L;
      int host = ip(203, 0, 113, i + 1);
      int srcPort = 40000 + i;
      packet(t, SCANNER, host, srcPort, 445, 1000, 0, SYN, 0);
      if (i + 1 == 10 || i + 1 == 20) {
        packet(t + 400, host, SCANNER, 445, srcPort, 5000, 1001, SYN | ACK, 0);
        packet(t + 800, SCANNER, host, srcPort, 445, 1001, 0, RST, 0);
      } else {
        packet(t + 400, host, SCANNER, 445, srcPort, 0, 1001, RST | ACK, 0);
      }
      if (i % 8 == 3) {
        webVisit(t + 100_000, 51000 + i);
      }
    }
    return out.toByteArray();
  }

  /** One short HTTP exchange from the benign client: handshake, request, response, close. */
  private void webVisit(long t, int port) {
    packet(t, CLIENT, WEB_SERVER, port, 80, 100, 0, SYN, 0);
    packet(t + 300, WEB_SERVER, CLIENT, 80, port, 900, 101, SYN | ACK, 0);
    packet(t + 600, CLIENT, WEB_SERVER, port, 80, 101, 901, ACK, 0);
    packet(t + 900, CLIENT, WEB_SERVER, port, 80, 101, 901, PSH | ACK, 120);
    packet(t + 1500, WEB_SERVER, CLIENT, 80, port, 901, 221, PSH | ACK, 600);
    packet(t + 1800, CLIENT, WEB_SERVER, port, 80, 221, 1501, FIN | ACK, 0);
    packet(t + 2100, WEB_SERVER, CLIENT, 80, port, 1501, 222, FIN | ACK, 0);
    packet(t + 2400, CLIENT, WEB_SERVER, port, 80, 222, 1502, ACK, 0);
  }

  /** Classic pcap, microsecond timestamps, Ethernet link type. */
  private void header() {
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    b.putInt(65535).putInt(1);
    out.writeBytes(b.array());
  }

  private void packet(
      long micros, int src, int dst, int sport, int dport, long seq, long ack, int flags,
      int payload) {
    int tcpLength = 20 + payload;
    int ipLength = 20 + tcpLength;
    ByteBuffer frame = ByteBuffer.allocate(14 + ipLength).order(ByteOrder.BIG_ENDIAN);
    frame.put(mac(dst)).put(mac(src)).putShort((short) 0x0800);
    int ipStart = frame.position();
    frame.put((byte) 0x45).put((byte) 0).putShort((short) ipLength);
    frame.putShort((short) ipId++).putShort((short) 0x4000);
    frame.put((byte) 64).put((byte) 6).putShort((short) 0).putInt(src).putInt(dst);
    frame.putShort(ipStart + 10, checksum(frame.array(), ipStart, 20, 0));
    int tcpStart = frame.position();
    frame.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack);
    frame.put((byte) 0x50).put((byte) flags).putShort((short) 64240).putInt(0);
    for (int i = 0; i < payload; i++) {
      frame.put((byte) ('a' + i % 26));
    }
    long pseudo = sum(src) + sum(dst) + 6 + tcpLength;
    frame.putShort(tcpStart + 16, checksum(frame.array(), tcpStart, tcpLength, pseudo));
    ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000));
    record.putInt(frame.capacity()).putInt(frame.capacity());
    out.writeBytes(record.array());
    out.writeBytes(frame.array());
  }

  /** A locally administered MAC derived from the address, so each host keeps its own. */
  private static byte[] mac(int ip) {
    return new byte[] {0x02, 0, (byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip};
  }

  private static short checksum(byte[] data, int offset, int length, long initial) {
    long sum = initial;
    for (int i = 0; i < length; i += 2) {
      int high = data[offset + i] & 0xff;
      int low = i + 1 < length ? data[offset + i + 1] & 0xff : 0;
      sum += (high << 8) | low;
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (short) ~sum;
  }

  private static long sum(int ip) {
    return (ip >>> 16) + (ip & 0xffff);
  }

  private static int ip(int a, int b, int c, int d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
  }
}
