package dev.nsm.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nsm.event.AuthOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamBoundsTest {

  private final RecordedAttempts recorded = new RecordedAttempts();
  private final TcpConversation.Clock clock = new TcpConversation.Clock();

  private static CleartextLimits limits(int maxStreams, int maxAheadBytes, int maxAheadSegments) {
    return new CleartextLimits(
        maxStreams, 128, maxAheadBytes, maxAheadSegments, 60_000_000L, 16, 120_000_000L, 256);
  }

  private CleartextAuthDecoder decoder(CleartextLimits limits) {
    return new CleartextAuthDecoder(recorded, CleartextService.WELL_KNOWN_PORTS, limits);
  }

  @Test
  void manyStreamsEvictTheLeastRecentlyActiveAndCountIt() {
    CleartextAuthDecoder decoder = decoder(limits(10, 1024, 4));
    TcpConversation first =
        new TcpConversation(decoder, clock, "192.0.2.1", 30000, "203.0.113.10", 21);
    first.handshake();
    first.client("USER bob\r\nPASS x\r\n");
    for (int i = 0; i < 100; i++) {
      TcpConversation c =
          new TcpConversation(decoder, clock, "192.0.2.2", 31000 + i, "203.0.113.10", 21);
      c.handshake();
      c.client("USER u\r\n");
    }
    assertEquals(10, decoder.activeStreams());
    assertEquals(91, decoder.streamsEvicted());
    // The evicted stream starts afresh: its reply has no command to answer.
    first.server("530 Login incorrect.\r\n");
    assertEquals(List.of(), recorded.summary());
  }

  @Test
  void streamIsForgottenAfterBothFins() {
    CleartextAuthDecoder decoder = decoder(limits(10, 1024, 4));
    TcpConversation c =
        new TcpConversation(decoder, clock, "192.0.2.1", 30000, "203.0.113.10", 110);
    c.handshake();
    c.client("USER a\r\nPASS b\r\n");
    c.clientFlags(PacketView.FIN | PacketView.ACK);
    assertEquals(1, decoder.activeStreams());
    c.server("+OK ready\r\n+OK\r\n-ERR [AUTH] Authentication failed.\r\n");
    c.serverFlags(PacketView.FIN | PacketView.ACK);
    assertEquals(0, decoder.activeStreams());
    assertEquals(List.of("a failure"), recorded.summary());
  }

  @Test
  void streamIsForgottenAtReset() {
    CleartextAuthDecoder decoder = decoder(limits(10, 1024, 4));
    TcpConversation c = new TcpConversation(decoder, clock, "192.0.2.1", 30000, "203.0.113.10", 21);
    c.handshake();
    c.serverFlags(PacketView.RST);
    assertEquals(0, decoder.activeStreams());
  }

  @Test
  void idleStreamIsForgottenInPacketTime() {
    CleartextAuthDecoder decoder = decoder(limits(10, 1024, 4));
    TcpConversation c = new TcpConversation(decoder, clock, "192.0.2.1", 30000, "203.0.113.10", 21);
    c.handshake();
    decoder.advanceTo(clock.micros + 59_000_000L);
    assertEquals(1, decoder.activeStreams());
    decoder.advanceTo(clock.micros + 60_000_000L);
    assertEquals(0, decoder.activeStreams());
  }

  @Test
  void holeThatNeverFillsIsSkippedOnceTheBufferIsFullAndCounted() {
    CleartextAuthDecoder decoder = decoder(limits(10, 64, 2));
    TcpConversation c = new TcpConversation(decoder, clock, "192.0.2.1", 30000, "203.0.113.10", 21);
    c.handshake();
    c.server("220 ready\r\n");
    c.client("USER bob\r\nPASS x\r\nUSER bob\r\nPASS y\r\n");
    long seq = c.serverSeq;
    // The first reply segment (10 bytes) is lost; the rest arrives ahead of it.
    String lost = "331 ok\r\n\r\n";
    String ahead = "530 Login incorrect.\r\n";
    c.serverAt(seq + lost.length(), ahead);
    c.serverAt(seq + lost.length() + ahead.length(), "331 ok\r\n");
    c.serverAt(seq + lost.length() + ahead.length() + 8, "530 Login incorrect.\r\n");
    assertEquals(lost.length(), decoder.bytesDropped());
    // Reading resumed after the hole: both 530s count (the lost 331 shifts which command each
    // answers, but a verdict is still a verdict).
    assertEquals(List.of("bob failure", "bob failure"), recorded.summary());
  }

  @Test
  void overlongLineKeepsMemoryBoundedAndCountsTheRest() {
    CleartextAuthDecoder decoder = decoder(limits(10, 1024, 4));
    TcpConversation c = new TcpConversation(decoder, clock, "192.0.2.1", 30000, "203.0.113.10", 21);
    c.handshake();
    for (int i = 0; i < 100; i++) {
      c.client("x".repeat(1000));
    }
    c.client("\r\nUSER bob\r\nPASS x\r\n");
    c.server("500 no\r\n331 ok\r\n530 Login incorrect.\r\n");
    // Everything past the 128-byte bound is dropped, the line end's CR included.
    assertEquals(100 * 1000 + 1 - 128, decoder.bytesDropped());
    assertEquals(List.of("bob failure"), recorded.summary());
  }

  @Test
  void portMapIsAConstructorOption() {
    CleartextAuthDecoder decoder =
        new CleartextAuthDecoder(
            recorded, Map.of(2121, CleartextService.FTP), CleartextLimits.DEFAULTS);
    TcpConversation standard =
        new TcpConversation(decoder, clock, "192.0.2.1", 30000, "203.0.113.10", 21);
    standard.client("USER a\r\nPASS b\r\n");
    standard.server("530 Login incorrect.\r\n");
    TcpConversation custom =
        new TcpConversation(decoder, clock, "192.0.2.1", 30001, "203.0.113.10", 2121);
    custom.client("USER c\r\nPASS d\r\n");
    custom.server("530 Login incorrect.\r\n");
    assertEquals(List.of("c failure"), recorded.summary());
    assertEquals(2121, recorded.attempts.get(0).dstPort());
    assertEquals(Map.of("ftp failure", 1L), decoder.attemptCounts());
    assertEquals(1, decoder.attempts(CleartextService.FTP, AuthOutcome.FAILURE));
  }

  @Test
  void sequenceNumbersWrapAroundZero() {
    CleartextAuthDecoder decoder = decoder(limits(10, 1024, 4));
    TcpConversation c = new TcpConversation(decoder, clock, "192.0.2.1", 30000, "203.0.113.10", 21);
    c.serverSeq = 0xFFFF_FFF8L;
    c.clientFlags(PacketView.SYN);
    c.clientSeq++;
    c.serverFlags(PacketView.SYN | PacketView.ACK);
    c.serverSeq++;
    c.client("USER bob\r\nPASS x\r\n");
    c.server("331 ok\r\n");
    c.server("530 Login incorrect.\r\n");
    assertEquals(List.of("bob failure"), recorded.summary());
  }

  @Test
  void segmentHalfTheSequenceSpaceAwayIsAHoleNotACrash() {
    CleartextAuthDecoder decoder = decoder(limits(10, 1024, 4));
    TcpConversation c = new TcpConversation(decoder, clock, "192.0.2.1", 30000, "203.0.113.10", 21);
    c.handshake();
    c.client("USER bob\r\n");
    // Exactly 2^31 ahead of the next expected byte, then again from where that one ended.
    c.clientAt(c.clientSeq + (1L << 31), "PASS x\r\n");
    c.clientAt(c.clientSeq, "USER eve\r\nPASS y\r\n");
    c.server("331 ok\r\n");
    c.server("530 Login incorrect.\r\n");
    assertEquals(1, recorded.summary().size(), recorded.summary()::toString);
  }
}
