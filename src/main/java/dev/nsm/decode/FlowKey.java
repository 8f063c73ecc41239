package dev.nsm.decode;

/**
 * The 5-tuple of a flow in the direction of its first packet. Mutable so that one probe key is
 * filled per packet and looked up without allocating; stored keys are copies and never change.
 */
final class FlowKey {

  private int protocol;
  private long srcHigh;
  private long srcLow;
  private long dstHigh;
  private long dstLow;
  private int srcPort;
  private int dstPort;

  /** This packet's tuple, or the reverse (the tuple of the flow it answers). */
  FlowKey set(PacketView v, boolean reversed) {
    return set(
        v.ipVersion,
        v.protocol,
        v.data,
        reversed ? v.dstAddressOffset : v.srcAddressOffset,
        reversed ? v.srcAddressOffset : v.dstAddressOffset,
        reversed ? v.dstPort : v.srcPort,
        reversed ? v.srcPort : v.dstPort);
  }

  /** The tuple of the packet an ICMP unreachable quotes, as its sender sent it. */
  FlowKey setQuoted(PacketView v) {
    return set(
        v.ipVersion,
        v.quotedProtocol,
        v.data,
        v.quotedSrcAddressOffset,
        v.quotedDstAddressOffset,
        v.quotedSrcPort,
        v.quotedDstPort);
  }

  private FlowKey set(int version, int proto, byte[] d, int src, int dst, int sport, int dport) {
    protocol = proto | (version << 8);
    if (version == 4) {
      srcHigh = 0;
      dstHigh = 0;
      srcLow = word(d, src, 4);
      dstLow = word(d, dst, 4);
    } else {
      srcHigh = word(d, src, 8);
      srcLow = word(d, src + 8, 8);
      dstHigh = word(d, dst, 8);
      dstLow = word(d, dst + 8, 8);
    }
    srcPort = sport;
    dstPort = dport;
    return this;
  }

  private static long word(byte[] d, int at, int bytes) {
    long value = 0;
    for (int i = 0; i < bytes; i++) {
      value = (value << 8) | (d[at + i] & 0xff);
    }
    return value;
  }

  FlowKey copy() {
    FlowKey k = new FlowKey();
    k.protocol = protocol;
    k.srcHigh = srcHigh;
    k.srcLow = srcLow;
    k.dstHigh = dstHigh;
    k.dstLow = dstLow;
    k.srcPort = srcPort;
    k.dstPort = dstPort;
    return k;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlowKey k
        && k.protocol == protocol
        && k.srcLow == srcLow
        && k.dstLow == dstLow
        && k.srcPort == srcPort
        && k.dstPort == dstPort
        && k.srcHigh == srcHigh
        && k.dstHigh == dstHigh;
  }

  @Override
  public int hashCode() {
    long h = srcLow * 0x9e3779b97f4a7c15L + dstLow;
    h = h * 31 + srcHigh + dstHigh * 17;
    h = h * 31 + ((long) srcPort << 16 | dstPort) + protocol;
    return Long.hashCode(h * 0xbf58476d1ce4e5b9L);
  }
}
