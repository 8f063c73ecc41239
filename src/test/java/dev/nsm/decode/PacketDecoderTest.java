package dev.nsm.decode;

import static dev.nsm.decode.TestPackets.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {

  private final PacketDecoder decoder = new PacketDecoder();
  private final PacketView view = new PacketView();

  private static final byte[] SYN_V4 =
      ipv4("10.0.0.1", "10.0.0.2", 6, tcp(40000, 4444, PacketView.SYN, 1234, 0));

  private String decoded(int linkType, byte[] packet) {
    // Decoding at an offset proves no field is read relative to the array start.
    byte[] shifted = new byte[packet.length + 3];
    System.arraycopy(packet, 0, shifted, 3, packet.length);
    if (!decoder.decode(linkType, shifted, 3, packet.length, view)) {
      return "not decoded";
    }
    return view.srcIp()
        + ":"
        + view.srcPort
        + " > "
        + view.dstIp()
        + ":"
        + view.dstPort
        + " proto "
        + view.protocol
        + " flags "
        + view.tcpFlags
        + " seq "
        + view.seq;
  }

  private static final String SYN_TEXT = "10.0.0.1:40000 > 10.0.0.2:4444 proto 6 flags 2 seq 1234";

  @Test
  void decodesTcpSynOnEveryLinkType() {
    assertEquals(SYN_TEXT, decoded(1, ethernet(SYN_V4)));
    assertEquals(SYN_TEXT, decoded(1, ethernet(SYN_V4, 0x8100)));
    assertEquals(SYN_TEXT, decoded(1, ethernet(SYN_V4, 0x88a8, 0x8100)));
    assertEquals(SYN_TEXT, decoded(113, sll(SYN_V4)));
    assertEquals(SYN_TEXT, decoded(276, sll2(SYN_V4)));
    assertEquals(SYN_TEXT, decoded(101, SYN_V4));
    assertEquals(SYN_TEXT, decoded(12, SYN_V4));
    assertEquals(SYN_TEXT, decoded(14, SYN_V4));
    assertEquals(SYN_TEXT, decoded(228, SYN_V4));
    assertEquals(SYN_TEXT, decoded(0, loopback(SYN_V4, 2, false)));
    assertEquals(SYN_TEXT, decoded(108, loopback(SYN_V4, 2, true)));
    assertEquals(
        Map.of(0, 1L, 1, 3L, 12, 1L, 14, 1L, 101, 1L, 108, 1L, 113, 1L, 228, 1L, 276, 1L),
        decoder.stats().packetsPerLinkType());
  }

  @Test
  void decodesIpv6ThroughExtensionHeaders() {
    byte[] v6 =
        ipv6("2001:db8::1", "2001:db8::2", 6, tcp(1, 22, PacketView.SYN, 9, 0), 0, 43, 60, 51, 44);
    assertEquals("2001:db8::1:1 > 2001:db8::2:22 proto 6 flags 2 seq 9", decoded(229, v6));
    assertEquals(
        "2001:db8::1:1 > 2001:db8::2:22 proto 6 flags 2 seq 9",
        decoded(0, loopback(v6, 30, false)));
    assertEquals("2001:db8::1:1 > 2001:db8::2:22 proto 6 flags 2 seq 9", decoded(1, ethernet(v6)));
  }

  @Test
  void boundsTheNumberOfIpv6ExtensionHeaders() {
    int[] chain = new int[12];
    byte[] v6 = ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 53, 0), chain);
    assertEquals("not decoded", decoded(229, v6));
    assertEquals(
        Map.of("more than 8 ipv6 extension headers", 1L), decoder.stats().malformedByReason());
  }

  @Test
  void skipsIpv4OptionsAndDecodesUdpPayload() {
    byte[] packet = ipv4("192.0.2.1", "192.0.2.2", 17, 3, 0, udp(5353, 53, 10));
    assertEquals("192.0.2.1:5353 > 192.0.2.2:53 proto 17 flags 0 seq 0", decoded(101, packet));
    assertEquals(10, view.payloadLength);
  }

  @Test
  void firstFragmentIsDecodedLaterOnesAreFlaggedAndCounted() {
    byte[] first = ipv4("10.0.0.1", "10.0.0.2", 6, 0, 0x2000, tcp(1, 2, PacketView.SYN, 5, 0));
    assertTrue(decoder.decode(101, first, 0, first.length, view));
    assertTrue(view.isTcp());
    byte[] later = ipv4("10.0.0.1", "10.0.0.2", 6, 0, 0x0010, new byte[16]);
    assertTrue(decoder.decode(101, later, 0, later.length, view));
    assertTrue(view.laterFragment);
    assertFalse(view.isTcp());
    assertEquals(1, decoder.stats().laterFragments());
  }

  @Test
  void decodesIcmpTypeAndTheFlowAnUnreachableQuotes() {
    byte[] icmp = new byte[8 + SYN_V4.length];
    icmp[0] = 3;
    icmp[1] = 3;
    System.arraycopy(SYN_V4, 0, icmp, 8, SYN_V4.length);
    byte[] packet = ipv4("10.0.0.2", "10.0.0.1", 1, icmp);
    assertTrue(decoder.decode(101, packet, 0, packet.length, view));
    assertEquals(3, view.icmpType);
    assertEquals(3, view.icmpCode);
    assertEquals(6, view.quotedProtocol);
    assertEquals(40000, view.quotedSrcPort);
    assertEquals(4444, view.quotedDstPort);
  }

  @Test
  void countsMalformedPacketsByReasonWithoutThrowing() {
    byte[] shortIhl = SYN_V4.clone();
    shortIhl[0] = 0x44;
    byte[] badOffset = SYN_V4.clone();
    badOffset[20 + 12] = (byte) 0xf0;
    byte[] lowOffset = SYN_V4.clone();
    lowOffset[20 + 12] = 0x40;
    for (byte[] p :
        new byte[][] {
          shortIhl,
          badOffset,
          lowOffset,
          Arrays.copyOf(SYN_V4, 30),
          Arrays.copyOf(SYN_V4, 10),
          new byte[0]
        }) {
      assertFalse(decoder.decode(101, p, 0, p.length, view));
    }
    assertFalse(decoder.decode(1, new byte[5], 0, 5, view));
    assertFalse(decoder.decode(147, new byte[5], 0, 5, view));
    assertEquals(
        Map.of(
            "ipv4 header length below 20",
            1L,
            "tcp data offset past the packet",
            1L,
            "tcp data offset below 20",
            1L,
            "tcp header cut short",
            1L,
            "ipv4 header cut short",
            1L,
            "raw ip packet is empty",
            1L,
            "ethernet header cut short",
            1L,
            "unsupported link type",
            1L),
        decoder.stats().malformedByReason());
  }

  @Test
  void arpIsNotIpAndNotMalformed() {
    byte[] arp = new byte[42];
    arp[12] = 0x08;
    arp[13] = 0x06;
    assertFalse(decoder.decode(1, arp, 0, arp.length, view));
    assertEquals(1, decoder.stats().notIp());
    assertEquals(0, decoder.stats().malformedTotal());
  }
}
