package dev.nsm.decode;

import dev.nsm.event.IpAddress;

/**
 * The headers of one packet, decoded in place. One instance is reused for every packet, so the hot
 * path allocates nothing: the fields are valid until the next packet is decoded, and {@link #data}
 * is the reader's buffer. Text (addresses) is made only when a fact is emitted.
 */
public final class PacketView {

  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int ICMP = 1;
  public static final int ICMPV6 = 58;

  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;

  /** Name of the input (capture file as given, or interface). */
  public String input;

  /** Frame number in the input, 1-based. */
  public long frame;

  /** Capture time, epoch microseconds. */
  public long micros;

  /** The packet bytes; valid until the next packet. */
  public byte[] data;

  /** 4 or 6 for an IP packet; 0 when the packet is not IP (ARP, ...) or could not be decoded. */
  public int ipVersion;

  /** Offsets of the source and destination addresses in {@link #data} (4 or 16 bytes). */
  public int srcAddressOffset;

  public int dstAddressOffset;

  /** IP protocol of the transport header: {@link #TCP}, {@link #UDP}, {@link #ICMP}, ... */
  public int protocol;

  /** True for a fragment other than the first: no transport header. */
  public boolean laterFragment;

  /** Transport ports (0 for ICMP). */
  public int srcPort;

  public int dstPort;

  /** TCP flags ({@link #SYN}, {@link #ACK}, ...), sequence and acknowledgement numbers. */
  public int tcpFlags;

  public long seq;
  public long ack;

  /** ICMP type and code. */
  public int icmpType;

  public int icmpCode;

  /**
   * For an ICMP destination unreachable: the quoted packet's protocol (0 when there is no usable
   * quote), its address offsets in {@link #data} and its ports, so the flow it rejects can be
   * found.
   */
  public int quotedProtocol;

  public int quotedSrcAddressOffset;
  public int quotedDstAddressOffset;
  public int quotedSrcPort;
  public int quotedDstPort;

  /** The transport payload within {@link #data}. */
  public int payloadOffset;

  public int payloadLength;

  /** Resets every field before a packet is decoded into this view. */
  public void clear() {
    ipVersion = 0;
    srcAddressOffset = 0;
    dstAddressOffset = 0;
    protocol = 0;
    laterFragment = false;
    srcPort = 0;
    dstPort = 0;
    tcpFlags = 0;
    seq = 0;
    ack = 0;
    icmpType = 0;
    icmpCode = 0;
    payloadOffset = 0;
    payloadLength = 0;
    quotedProtocol = 0;
    quotedSrcAddressOffset = 0;
    quotedDstAddressOffset = 0;
    quotedSrcPort = 0;
    quotedDstPort = 0;
  }

  public boolean isTcp() {
    return ipVersion != 0 && !laterFragment && protocol == TCP;
  }

  public boolean isUdp() {
    return ipVersion != 0 && !laterFragment && protocol == UDP;
  }

  public boolean hasFlags(int flags) {
    return (tcpFlags & flags) == flags;
  }

  private int addressLength() {
    return ipVersion == 6 ? 16 : 4;
  }

  /** Source address as text (allocates: call only when emitting a fact). */
  public String srcIp() {
    return format(srcAddressOffset);
  }

  /** Destination address as text (allocates: call only when emitting a fact). */
  public String dstIp() {
    return format(dstAddressOffset);
  }

  private String format(int offset) {
    byte[] address = new byte[addressLength()];
    System.arraycopy(data, offset, address, 0, address.length);
    return IpAddress.format(address);
  }
}
