package dev.nsm.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Connection;
import dev.nsm.event.ConnectionOutcome;
import dev.nsm.event.Fact;
import dev.nsm.event.IpAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzz targets for everything that reads packet bytes: link, IP and transport headers ({@link
 * PacketDecoder}), then flows ({@link FlowTracker}) and the cleartext authentication parsers
 * ({@link CleartextAuthDecoder}) over a short sequence of packets. Saved inputs, taken from the lab
 * captures, are replayed by every test run; see docs/fuzzing.md for a real fuzzing run.
 *
 * <p>Input layouts, so that a mutation changes one field and not the framing: a packet is one byte
 * choosing the link type ({@link #linkType}) then the packet; a sequence is records of a link type
 * byte, a signed 32-bit time step in milliseconds (backwards steps included), a 16-bit length and
 * that many bytes.
 */
class PacketFuzzTest {

  /** Link types chosen by a selector byte below their count; a larger byte is the type itself. */
  private static final int[] LINK_TYPES = {1, 101, 113, 276, 0, 108, 228, 229, 12, 14};

  private static final long START_MICROS = 1_795_596_001_000_000L;

  private static final Set<String> SERVICES =
      Set.of("ftp", "http", "smtp", "pop3", "imap", "telnet");

  static int linkType(byte selector) {
    int value = selector & 0xff;
    return value < LINK_TYPES.length ? LINK_TYPES[value] : value;
  }

  /**
   * One packet, decoded twice inside buffers whose bytes around it differ: the view must be the
   * same (nothing is read outside the packet), every offset must lie inside the packet, and a
   * packet that is not decoded must be counted as malformed or not IP.
   */
  @FuzzTest(maxDuration = "20s")
  void decodesAnyPacket(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int linkType = linkType(input[0]);
    int length = input.length - 1;
    PacketDecoder decoder = new PacketDecoder();
    PacketView first = new PacketView();
    PacketView second = new PacketView();
    boolean decoded = decoder.decode(linkType, framed(input, 0x00), 5, length, first);
    long refused = decoder.stats().malformedTotal() + decoder.stats().notIp();
    boolean again = decoder.decode(linkType, framed(input, 0xff), 5, length, second);

    assertEquals(decoded, again);
    assertEquals(describe(first, 5, length), describe(second, 5, length));
    assertEquals(2, decoder.stats().packets());
    if (!decoded) {
      assertEquals(1, refused, "a packet not decoded is counted once, by reason");
      assertEquals(0, first.ipVersion, "a packet not decoded has no IP version");
      return;
    }
    assertEquals(0, refused);
    checkView(first, 5, 5 + length);
  }

  /**
   * A few packets through the flow tracker and the cleartext decoders, once with nsm's limits and
   * once with tiny ones so that evictions and overflows happen: every fact is well formed, every
   * attempt is resolved at most once and, at the end, exactly once or counted as evicted, and the
   * tables stay within their bounds.
   */
  @FuzzTest(maxDuration = "30s")
  void decodesAnyPacketSequence(byte[] input) {
    replay(input, FlowSettings.DEFAULTS, CleartextLimits.DEFAULTS);
    replay(
        input,
        new FlowSettings(4, 2_000_000L, 1_000_000L),
        new CleartextLimits(2, 64, 128, 2, 2_000_000L, 2, 1_000_000L, 8));
  }

  private static void replay(byte[] input, FlowSettings flowSettings, CleartextLimits limits) {
    List<Fact> facts = new ArrayList<>();
    CleartextAuthDecoder auth =
        new CleartextAuthDecoder(facts::add, CleartextService.WELL_KNOWN_PORTS, limits);
    TrafficDecoder traffic = new TrafficDecoder(facts::add, List.of(auth), auth, flowSettings);
    ByteBuffer records = ByteBuffer.wrap(input);
    long micros = START_MICROS;
    long frame = 0;
    while (records.remaining() >= 7) {
      int linkType = linkType(records.get());
      micros += records.getInt() * 1000L;
      int length = Math.min(records.getShort() & 0xffff, records.remaining());
      byte[] packet = new byte[length];
      records.get(packet);
      traffic.onPacket("fuzz.pcap", ++frame, linkType, micros, packet, 0, length);
      assertTrue(auth.activeStreams() <= limits.maxStreams(), "streams beyond their bound");
      assertTrue(
          auth.pendingExpectations() <= limits.maxExpectedConnections(),
          "expected connections beyond their bound");
    }
    traffic.finish();

    assertEquals(frame, traffic.decodeStats().packets());
    Map<Connection, Integer> outcomes = new HashMap<>();
    long connections = 0;
    for (Fact fact : facts) {
      if (fact instanceof Connection c) {
        checkAddress(c.srcIp());
        checkAddress(c.dstIp());
        outcomes.put(c, 0);
        connections++;
      } else if (fact instanceof ConnectionOutcome o) {
        Connection attempt = attemptOf(o, outcomes);
        outcomes.merge(attempt, 1, Integer::sum);
        assertEquals(1, outcomes.get(attempt), "an attempt resolved twice: " + o);
      } else if (fact instanceof AuthAttempt a) {
        checkAddress(a.srcIp());
        checkAddress(a.dstIp());
        assertTrue(SERVICES.contains(a.service()), a.service());
        assertTrue(a.user() == null || a.user().length() <= limits.maxUserChars(), a.user());
      }
    }
    FlowStats stats = traffic.flowStats();
    assertEquals(connections, stats.attempts());
    long resolved = stats.accepted() + stats.rejected() + stats.unanswered();
    assertEquals(
        stats.attempts(),
        resolved + stats.evictedBeforeAnswer(),
        "every attempt is resolved or counted as evicted before its answer");
  }

  private static Connection attemptOf(ConnectionOutcome o, Map<Connection, Integer> attempts) {
    for (Connection c : attempts.keySet()) {
      if (c.micros() == o.attemptMicros()
          && c.srcIp().equals(o.srcIp())
          && c.srcPort() == o.srcPort()
          && c.dstIp().equals(o.dstIp())
          && c.dstPort() == o.dstPort()
          && c.transport() == o.transport()
          && attempts.get(c) == 0) {
        return c;
      }
    }
    throw new AssertionError("outcome of an attempt never reported, or reported twice: " + o);
  }

  /** The packet at offset 5 of a buffer whose other bytes are all {@code filler}. */
  private static byte[] framed(byte[] input, int filler) {
    byte[] buffer = new byte[input.length + 9];
    Arrays.fill(buffer, (byte) filler);
    System.arraycopy(input, 1, buffer, 5, input.length - 1);
    return buffer;
  }

  private static void checkView(PacketView v, int start, int end) {
    assertTrue(v.ipVersion == 4 || v.ipVersion == 6, "ip version " + v.ipVersion);
    int address = v.ipVersion == 6 ? 16 : 4;
    inside(v.srcAddressOffset, address, start, end);
    inside(v.dstAddressOffset, address, start, end);
    checkAddress(v.srcIp());
    checkAddress(v.dstIp());
    if (v.laterFragment) {
      return;
    }
    if (v.protocol == PacketView.TCP || v.protocol == PacketView.UDP) {
      inside(v.payloadOffset, v.payloadLength, start, end);
    }
    if (v.payloadLength > 0) {
      inside(v.payloadOffset, v.payloadLength, start, end);
    }
    if (v.quotedProtocol != 0) {
      inside(v.quotedSrcAddressOffset, address, start, end);
      inside(v.quotedDstAddressOffset, address, start, end);
    }
  }

  private static void inside(int offset, int length, int start, int end) {
    assertTrue(length >= 0, "negative length " + length);
    assertTrue(
        offset >= start && offset + length <= end,
        offset + "+" + length + " lies outside " + start + ".." + end);
  }

  private static void checkAddress(String text) {
    if (text != null) {
      assertNotNull(IpAddress.parse(text), text);
    }
  }

  /** Every field of the view, the bytes it points at resolved relative to the packet. */
  private static String describe(PacketView v, int start, int length) {
    byte[] payload =
        v.payloadLength > 0
            ? Arrays.copyOfRange(v.data, v.payloadOffset, v.payloadOffset + v.payloadLength)
            : new byte[0];
    return String.join(
        " ",
        String.valueOf(v.ipVersion),
        v.ipVersion == 0 ? "" : v.srcIp() + ">" + v.dstIp(),
        String.valueOf(v.protocol),
        String.valueOf(v.laterFragment),
        v.srcPort + ">" + v.dstPort,
        String.valueOf(v.tcpFlags),
        v.seq + "/" + v.ack,
        v.icmpType + "/" + v.icmpCode,
        v.quotedProtocol + ":" + v.quotedSrcPort + ">" + v.quotedDstPort,
        (v.payloadOffset - start) + "+" + v.payloadLength,
        Arrays.toString(payload));
  }
}
