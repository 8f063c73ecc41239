package dev.nsm.decode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Test stand-in for the capture reader being written on another branch: replays a classic pcap
 * (micro- or nanosecond, Ethernet, IPv4/TCP only) into a consumer, so the decoder can be checked
 * against the lab captures' ground truth now. Replace with PcapFileSource once it lands.
 */
final class ClassicPcapReplay {

  private ClassicPcapReplay() {}

  static void replay(String resource, PacketConsumer consumer) throws IOException {
    byte[] file;
    try (InputStream in = ClassicPcapReplay.class.getResourceAsStream("/captures/" + resource)) {
      file = in.readAllBytes();
    }
    ByteBuffer buf = ByteBuffer.wrap(file);
    int magic = buf.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
      buf.order(ByteOrder.BIG_ENDIAN);
      magic = buf.getInt(0);
    }
    boolean nanos = magic == 0xa1b23c4d;
    PacketView view = new PacketView();
    long frame = 0;
    int at = 24;
    while (at + 16 <= file.length) {
      long seconds = buf.getInt(at) & 0xFFFF_FFFFL;
      long fraction = buf.getInt(at + 4) & 0xFFFF_FFFFL;
      int captured = buf.getInt(at + 8);
      int start = at + 16;
      at = start + captured;
      frame++;
      view.clear();
      view.input = resource;
      view.frame = frame;
      view.micros = seconds * 1_000_000L + (nanos ? fraction / 1000 : fraction);
      view.data = file;
      decodeEthernetIpv4Tcp(file, start, captured, view);
      consumer.advanceTo(view.micros);
      consumer.onPacket(view);
    }
    consumer.finish();
  }

  private static void decodeEthernetIpv4Tcp(byte[] d, int start, int length, PacketView view) {
    if (length < 14 + 20 || (d[start + 12] & 0xFF) != 0x08 || d[start + 13] != 0x00) {
      return;
    }
    int ip = start + 14;
    int ipHeader = (d[ip] & 0x0F) * 4;
    int total = ((d[ip + 2] & 0xFF) << 8) | (d[ip + 3] & 0xFF);
    if ((d[ip] >> 4) != 4 || d[ip + 9] != PacketView.TCP) {
      return;
    }
    int tcp = ip + ipHeader;
    view.ipVersion = 4;
    view.protocol = PacketView.TCP;
    view.srcAddressOffset = ip + 12;
    view.dstAddressOffset = ip + 16;
    view.srcPort = ((d[tcp] & 0xFF) << 8) | (d[tcp + 1] & 0xFF);
    view.dstPort = ((d[tcp + 2] & 0xFF) << 8) | (d[tcp + 3] & 0xFF);
    view.seq = ByteBuffer.wrap(d, tcp + 4, 4).getInt() & 0xFFFF_FFFFL;
    view.ack = ByteBuffer.wrap(d, tcp + 8, 4).getInt() & 0xFFFF_FFFFL;
    int tcpHeader = ((d[tcp + 12] & 0xFF) >> 4) * 4;
    view.tcpFlags = d[tcp + 13] & 0xFF;
    view.payloadOffset = tcp + tcpHeader;
    view.payloadLength = Math.max(0, ip + total - view.payloadOffset);
  }
}
