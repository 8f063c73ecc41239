package dev.nsm.decode;

import dev.nsm.event.IpAddress;
import java.nio.charset.StandardCharsets;

/**
 * Hand-built packets of one TCP conversation, fed to a consumer: each packet's data holds the two
 * addresses followed by the payload. Sequence numbers advance as a real stack would, unless a test
 * chooses them to replay or reorder segments.
 */
final class TcpConversation {

  static final String INPUT = "test.pcap";

  private final PacketConsumer consumer;
  private final byte[] client;
  private final byte[] server;
  private final int clientPort;
  private final int serverPort;
  private final Clock clock;
  long clientSeq = 1000;
  long serverSeq = 50_000;

  /** Frame numbers and time shared by every conversation of a test. */
  static final class Clock {
    long frame;
    long micros = 1_764_060_000_000_000L;
  }

  TcpConversation(
      PacketConsumer consumer,
      Clock clock,
      String client,
      int clientPort,
      String server,
      int serverPort) {
    this.consumer = consumer;
    this.clock = clock;
    this.client = IpAddress.parse(client);
    this.server = IpAddress.parse(server);
    this.clientPort = clientPort;
    this.serverPort = serverPort;
  }

  void handshake() {
    send(true, PacketView.SYN, clientSeq++, new byte[0]);
    send(false, PacketView.SYN | PacketView.ACK, serverSeq++, new byte[0]);
  }

  /** Sends from the client; returns the segment's sequence number. */
  long client(String text) {
    return client(bytes(text));
  }

  long client(byte[] payload) {
    long seq = clientSeq;
    send(true, PacketView.ACK | PacketView.PSH, seq, payload);
    clientSeq += payload.length;
    return seq;
  }

  long server(String text) {
    long seq = serverSeq;
    byte[] payload = bytes(text);
    send(false, PacketView.ACK | PacketView.PSH, seq, payload);
    serverSeq += payload.length;
    return seq;
  }

  /** A server segment at a chosen sequence number (retransmission, reordering). */
  void serverAt(long seq, String text) {
    send(false, PacketView.ACK | PacketView.PSH, seq, bytes(text));
  }

  void clientAt(long seq, String text) {
    send(true, PacketView.ACK | PacketView.PSH, seq, bytes(text));
  }

  void clientFlags(int flags) {
    send(true, flags, clientSeq, new byte[0]);
  }

  void serverFlags(int flags) {
    send(false, flags, serverSeq, new byte[0]);
  }

  /** Frame number the next packet will carry. */
  long nextFrame() {
    return clock.frame + 1;
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  void send(boolean fromClient, int flags, long seq, byte[] payload) {
    byte[] src = fromClient ? client : server;
    byte[] dst = fromClient ? server : client;
    PacketView packet =
        view(
            src,
            fromClient ? clientPort : serverPort,
            dst,
            fromClient ? serverPort : clientPort,
            flags,
            seq,
            payload);
    packet.frame = ++clock.frame;
    clock.micros += 1000;
    packet.micros = clock.micros;
    consumer.advanceTo(packet.micros);
    consumer.onPacket(packet);
  }

  static PacketView view(
      byte[] src, int srcPort, byte[] dst, int dstPort, int flags, long seq, byte[] payload) {
    PacketView packet = new PacketView();
    packet.clear();
    packet.input = INPUT;
    packet.ipVersion = src.length == 16 ? 6 : 4;
    packet.protocol = PacketView.TCP;
    packet.data = new byte[src.length * 2 + payload.length];
    System.arraycopy(src, 0, packet.data, 0, src.length);
    System.arraycopy(dst, 0, packet.data, src.length, dst.length);
    System.arraycopy(payload, 0, packet.data, src.length * 2, payload.length);
    packet.srcAddressOffset = 0;
    packet.dstAddressOffset = src.length;
    packet.payloadOffset = src.length * 2;
    packet.payloadLength = payload.length;
    packet.srcPort = srcPort;
    packet.dstPort = dstPort;
    packet.tcpFlags = flags;
    packet.seq = seq & 0xFFFF_FFFFL;
    return packet;
  }

  /** A bare SYN from one address to another, as the flow tracker would see it. */
  static PacketView syn(String src, int srcPort, String dst, int dstPort, long micros) {
    PacketView packet =
        view(
            IpAddress.parse(src),
            srcPort,
            IpAddress.parse(dst),
            dstPort,
            PacketView.SYN,
            1,
            new byte[0]);
    packet.micros = micros;
    return packet;
  }
}
