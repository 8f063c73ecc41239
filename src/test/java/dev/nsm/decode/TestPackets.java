package dev.nsm.decode;

import java.nio.ByteBuffer;

/** Builds packet bytes for decoder and flow tests. */
public final class TestPackets {

  private TestPackets() {}

  public static byte[] tcp(int srcPort, int dstPort, int flags, long seq, int payload) {
    return ByteBuffer.allocate(20 + payload)
        .putShort((short) srcPort)
        .putShort((short) dstPort)
        .putInt((int) seq)
        .putInt(7)
        .put((byte) 0x50)
        .put((byte) flags)
        .putShort((short) 1024)
        .putInt(0)
        .array();
  }

  public static byte[] udp(int srcPort, int dstPort, int payload) {
    return ByteBuffer.allocate(8 + payload)
        .putShort((short) srcPort)
        .putShort((short) dstPort)
        .putShort((short) (8 + payload))
        .putShort((short) 0)
        .array();
  }

  public static byte[] ipv4(String src, String dst, int protocol, byte[] transport) {
    return ipv4(src, dst, protocol, 0, 0, transport);
  }

  /** An IPv4 packet with {@code optionWords} 4-byte option words and a fragment offset field. */
  public static byte[] ipv4(
      String src, String dst, int protocol, int optionWords, int fragmentField, byte[] transport) {
    int header = 20 + optionWords * 4;
    ByteBuffer b =
        ByteBuffer.allocate(header + transport.length)
            .put((byte) (0x40 | (header / 4)))
            .put((byte) 0)
            .putShort((short) (header + transport.length))
            .putShort((short) 1)
            .putShort((short) fragmentField)
            .put((byte) 64)
            .put((byte) protocol)
            .putShort((short) 0)
            .put(address(src))
            .put(address(dst));
    for (int i = 0; i < optionWords; i++) {
      b.putInt(0x01010101); // NOPs
    }
    return b.put(transport).array();
  }

  /** An IPv6 packet; {@code extensions} are (type, bytes) pairs chained before the transport. */
  public static byte[] ipv6(String src, String dst, int protocol, byte[] transport, int... chain) {
    ByteBuffer ext = ByteBuffer.allocate(chain.length * 16);
    for (int i = 0; i < chain.length; i++) {
      int next = i + 1 < chain.length ? chain[i + 1] : protocol;
      if (chain[i] == 51) { // AH: 16 bytes = (2 + 2) words
        ext.put((byte) next).put((byte) 2).putShort((short) 0).putInt(0).putLong(0);
      } else if (chain[i] == 44) {
        ext.put((byte) next).put((byte) 0).putShort((short) 0).putInt(0);
      } else { // hop-by-hop, routing, destination options: 16 bytes = (1 + 1) * 8
        ext.put((byte) next).put((byte) 1).put(new byte[14]);
      }
    }
    int first = chain.length > 0 ? chain[0] : protocol;
    int payload = ext.position() + transport.length;
    return ByteBuffer.allocate(40 + payload)
        .putInt(0x60000000)
        .putShort((short) payload)
        .put((byte) first)
        .put((byte) 64)
        .put(address(src))
        .put(address(dst))
        .put(ext.array(), 0, ext.position())
        .put(transport)
        .array();
  }

  public static byte[] ethernet(byte[] ip, int... vlanTags) {
    ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlanTags.length + ip.length).put(new byte[12]);
    for (int tpid : vlanTags) {
      b.putShort((short) tpid).putShort((short) 100);
    }
    return b.putShort((short) etherType(ip)).put(ip).array();
  }

  public static byte[] sll(byte[] ip) {
    return ByteBuffer.allocate(16 + ip.length)
        .put(new byte[14])
        .putShort((short) etherType(ip))
        .put(ip)
        .array();
  }

  public static byte[] sll2(byte[] ip) {
    return ByteBuffer.allocate(20 + ip.length)
        .putShort((short) etherType(ip))
        .put(new byte[18])
        .put(ip)
        .array();
  }

  /** BSD loopback with the family in the given byte order. */
  public static byte[] loopback(byte[] ip, int family, boolean bigEndian) {
    int value = bigEndian ? family : Integer.reverseBytes(family);
    return ByteBuffer.allocate(4 + ip.length).putInt(value).put(ip).array();
  }

  private static int etherType(byte[] ip) {
    return (ip[0] & 0xf0) == 0x60 ? 0x86dd : 0x0800;
  }

  static byte[] address(String text) {
    return dev.nsm.event.IpAddress.parse(text);
  }
}
