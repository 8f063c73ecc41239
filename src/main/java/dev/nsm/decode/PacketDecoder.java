package dev.nsm.decode;

/**
 * Decodes link, IP and transport headers in place into a reused {@link PacketView}. Every length is
 * checked against the captured length; a malformed packet is counted by reason and skipped, never
 * thrown about, because a capture is untrusted input.
 */
public final class PacketDecoder {

  public static final int LINK_NULL = 0;
  public static final int LINK_ETHERNET = 1;
  public static final int LINK_RAW_OPENBSD = 12;
  public static final int LINK_RAW_BSDOS = 14;
  public static final int LINK_RAW = 101;
  public static final int LINK_LOOP = 108;
  public static final int LINK_LINUX_SLL = 113;
  public static final int LINK_IPV4 = 228;
  public static final int LINK_IPV6 = 229;
  public static final int LINK_LINUX_SLL2 = 276;

  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_IPV6 = 0x86dd;
  private static final int MAX_VLAN_TAGS = 4;
  private static final int MAX_IPV6_EXTENSION_HEADERS = 8;

  private final DecodeStats stats = new DecodeStats();

  public DecodeStats stats() {
    return stats;
  }

  /**
   * Fills {@code view} from one packet.
   *
   * @return true when the packet is IP and its headers were decoded (a later fragment counts, with
   *     {@link PacketView#laterFragment} set)
   */
  public boolean decode(int linkType, byte[] data, int offset, int length, PacketView view) {
    view.clear();
    view.data = data;
    stats.countPacket(linkType, length);
    int end = offset + length;
    switch (linkType) {
      case LINK_ETHERNET:
        return ethernet(data, offset, end, view);
      case LINK_LINUX_SLL:
        return byEtherType(data, offset + 16, end, u16(data, offset + 14, end), "sll", view);
      case LINK_LINUX_SLL2:
        return byEtherType(data, offset + 20, end, u16(data, offset, end), "sll2", view);
      case LINK_RAW:
      case LINK_RAW_OPENBSD:
      case LINK_RAW_BSDOS:
        return rawIp(data, offset, end, view);
      case LINK_IPV4:
        return ipv4(data, offset, end, view);
      case LINK_IPV6:
        return ipv6(data, offset, end, view);
      case LINK_NULL:
      case LINK_LOOP:
        return loopback(data, offset, end, view);
      default:
        stats.malformed("unsupported link type");
        return false;
    }
  }

  private boolean ethernet(byte[] d, int at, int end, PacketView v) {
    if (end - at < 14) {
      stats.malformed("ethernet header cut short");
      return false;
    }
    int type = u16(d, at + 12, end);
    at += 14;
    for (int tags = 0; type == 0x8100 || type == 0x88a8 || type == 0x9100; tags++) {
      if (tags == MAX_VLAN_TAGS) {
        stats.malformed("more than 4 vlan tags");
        return false;
      }
      if (end - at < 4) {
        stats.malformed("vlan tag cut short");
        return false;
      }
      type = u16(d, at + 2, end);
      at += 4;
    }
    return byEtherType(d, at, end, type, "ethernet", v);
  }

  private boolean byEtherType(byte[] d, int at, int end, int type, String link, PacketView v) {
    if (at > end || type < 0) {
      stats.malformed(link.equals("sll") ? "sll header cut short" : "sll2 header cut short");
      return false;
    }
    if (type == ETHERTYPE_IPV4) {
      return ipv4(d, at, end, v);
    }
    if (type == ETHERTYPE_IPV6) {
      return ipv6(d, at, end, v);
    }
    stats.notIp++;
    return false;
  }

  private boolean rawIp(byte[] d, int at, int end, PacketView v) {
    if (at >= end) {
      stats.malformed("raw ip packet is empty");
      return false;
    }
    int version = (d[at] & 0xff) >>> 4;
    if (version == 4) {
      return ipv4(d, at, end, v);
    }
    if (version == 6) {
      return ipv6(d, at, end, v);
    }
    stats.malformed("raw ip version is neither 4 nor 6");
    return false;
  }

  /** BSD loopback: a 4-byte address family in the byte order of the host that wrote it. */
  private boolean loopback(byte[] d, int at, int end, PacketView v) {
    if (end - at < 4) {
      stats.malformed("loopback header cut short");
      return false;
    }
    int bigEndian = ((d[at] & 0xff) << 24) | ((d[at + 1] & 0xff) << 16) | u16(d, at + 2, end);
    int family = (bigEndian & 0xffff0000) == 0 ? bigEndian : Integer.reverseBytes(bigEndian);
    if (family == 2) {
      return ipv4(d, at + 4, end, v);
    }
    if (family == 10 || family == 24 || family == 28 || family == 30) {
      return ipv6(d, at + 4, end, v);
    }
    stats.notIp++;
    return false;
  }

  private boolean ipv4(byte[] d, int at, int end, PacketView v) {
    if (end - at < 20) {
      stats.malformed("ipv4 header cut short");
      return false;
    }
    if ((d[at] & 0xff) >>> 4 != 4) {
      stats.malformed("ipv4 version field is not 4");
      return false;
    }
    int headerLength = (d[at] & 0x0f) * 4;
    if (headerLength < 20) {
      stats.malformed("ipv4 header length below 20");
      return false;
    }
    if (headerLength > end - at) {
      stats.malformed("ipv4 header length past the packet");
      return false;
    }
    int totalLength = u16(d, at + 2, end);
    if (totalLength < headerLength) {
      stats.malformed("ipv4 total length below its header length");
      return false;
    }
    // The capture may be shorter (snap length) or padded (ethernet minimum): trust the smaller.
    int packetEnd = Math.min(end, at + totalLength);
    int fragment = u16(d, at + 6, end);
    v.ipVersion = 4;
    v.protocol = d[at + 9] & 0xff;
    v.srcAddressOffset = at + 12;
    v.dstAddressOffset = at + 16;
    if ((fragment & 0x1fff) != 0) {
      v.laterFragment = true;
      stats.laterFragments++;
      return true;
    }
    return transport(d, at + headerLength, packetEnd, v);
  }

  private boolean ipv6(byte[] d, int at, int end, PacketView v) {
    if (end - at < 40) {
      stats.malformed("ipv6 header cut short");
      return false;
    }
    if ((d[at] & 0xff) >>> 4 != 6) {
      stats.malformed("ipv6 version field is not 6");
      return false;
    }
    int packetEnd = Math.min(end, at + 40 + u16(d, at + 4, end));
    v.ipVersion = 6;
    v.srcAddressOffset = at + 8;
    v.dstAddressOffset = at + 24;
    int next = d[at + 6] & 0xff;
    int cursor = at + 40;
    for (int headers = 0; ; headers++) {
      if (headers > MAX_IPV6_EXTENSION_HEADERS) {
        return malformed(v, "more than 8 ipv6 extension headers");
      }
      if (next == 0 || next == 43 || next == 60 || next == 51 || next == 44) {
        if (packetEnd - cursor < 8) {
          return malformed(v, "ipv6 extension header past the packet");
        }
        int following = d[cursor] & 0xff;
        if (next == 44) {
          int fragmentOffset = u16(d, cursor + 2, packetEnd) & 0xfff8;
          if (fragmentOffset != 0) {
            v.protocol = following;
            v.laterFragment = true;
            stats.laterFragments++;
            return true;
          }
          cursor += 8;
        } else if (next == 51) {
          cursor += ((d[cursor + 1] & 0xff) + 2) * 4; // AH counts 4-byte words, less two
        } else {
          cursor += ((d[cursor + 1] & 0xff) + 1) * 8;
        }
        next = following;
        continue;
      }
      v.protocol = next;
      if (cursor > packetEnd) {
        return malformed(v, "ipv6 extension header past the packet");
      }
      return transport(d, cursor, packetEnd, v);
    }
  }

  private boolean transport(byte[] d, int at, int end, PacketView v) {
    switch (v.protocol) {
      case PacketView.TCP:
        return tcp(d, at, end, v);
      case PacketView.UDP:
        if (end - at < 8) {
          return malformed(v, "udp header cut short");
        }
        v.srcPort = u16(d, at, end);
        v.dstPort = u16(d, at + 2, end);
        v.payloadOffset = at + 8;
        v.payloadLength = end - at - 8;
        return true;
      case PacketView.ICMP:
      case PacketView.ICMPV6:
        if (end - at < 4) {
          return malformed(v, "icmp header cut short");
        }
        v.icmpType = d[at] & 0xff;
        v.icmpCode = d[at + 1] & 0xff;
        v.payloadOffset = at + 8;
        v.payloadLength = Math.max(0, end - at - 8);
        if (isUnreachable(v)) {
          quote(d, at + 8, end, v);
        }
        return true;
      default:
        return true;
    }
  }

  private boolean tcp(byte[] d, int at, int end, PacketView v) {
    if (end - at < 20) {
      return malformed(v, "tcp header cut short");
    }
    int dataOffset = ((d[at + 12] & 0xff) >>> 4) * 4;
    if (dataOffset < 20) {
      return malformed(v, "tcp data offset below 20");
    }
    if (dataOffset > end - at) {
      return malformed(v, "tcp data offset past the packet");
    }
    v.srcPort = u16(d, at, end);
    v.dstPort = u16(d, at + 2, end);
    v.seq = u32(d, at + 4);
    v.ack = u32(d, at + 8);
    v.tcpFlags = d[at + 13] & 0xff;
    v.payloadOffset = at + dataOffset;
    v.payloadLength = end - at - dataOffset;
    return true;
  }

  private static boolean isUnreachable(PacketView v) {
    return v.protocol == PacketView.ICMP ? v.icmpType == 3 : v.icmpType == 1;
  }

  /** The IP header and first 8 bytes of the packet an ICMP unreachable answers; best effort. */
  private static void quote(byte[] d, int at, int end, PacketView v) {
    int transportAt;
    if (v.ipVersion == 4) {
      if (end - at < 28 || (d[at] & 0xff) >>> 4 != 4) {
        return;
      }
      transportAt = at + (d[at] & 0x0f) * 4;
      v.quotedProtocol = d[at + 9] & 0xff;
      v.quotedSrcAddressOffset = at + 12;
      v.quotedDstAddressOffset = at + 16;
    } else {
      if (end - at < 48 || (d[at] & 0xff) >>> 4 != 6) {
        return;
      }
      transportAt = at + 40;
      v.quotedProtocol = d[at + 6] & 0xff;
      v.quotedSrcAddressOffset = at + 8;
      v.quotedDstAddressOffset = at + 24;
    }
    if (end - transportAt < 4) {
      v.quotedProtocol = 0;
      return;
    }
    v.quotedSrcPort = u16(d, transportAt, end);
    v.quotedDstPort = u16(d, transportAt + 2, end);
  }

  private boolean malformed(PacketView v, String reason) {
    stats.malformed(reason);
    v.ipVersion = 0;
    return false;
  }

  /** Two bytes big-endian, or -1 when they lie past {@code end}. */
  private static int u16(byte[] d, int at, int end) {
    return at + 2 > end ? -1 : ((d[at] & 0xff) << 8) | (d[at + 1] & 0xff);
  }

  private static long u32(byte[] d, int at) {
    return ((d[at] & 0xffL) << 24)
        | ((d[at + 1] & 0xffL) << 16)
        | ((d[at + 2] & 0xffL) << 8)
        | (d[at + 3] & 0xffL);
  }
}
