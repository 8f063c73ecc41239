package dev.nsm.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FtpDataChannelTest {

  private static final String CLIENT = "192.0.2.51";
  private static final String SERVER = "203.0.113.10";

  private final RecordedAttempts recorded = new RecordedAttempts();
  private final TcpConversation.Clock clock = new TcpConversation.Clock();
  private final CleartextAuthDecoder decoder = new CleartextAuthDecoder(recorded);
  private TcpConversation ftp;

  @BeforeEach
  void connect() {
    ftp = new TcpConversation(decoder, clock, CLIENT, 40500, SERVER, 21);
    ftp.handshake();
    ftp.server("220 ready\r\n");
  }

  @Test
  void passiveModeDataConnectionIsClaimedOnce() {
    ftp.client("PASV\r\n");
    ftp.server("227 Entering Passive Mode (203,0,113,10,156,70).\r\n");
    int port = 156 * 256 + 70;
    assertFalse(decoder.claim(TcpConversation.syn(CLIENT, 40600, SERVER, port + 1, clock.micros)));
    assertFalse(
        decoder.claim(TcpConversation.syn("192.0.2.99", 40600, SERVER, port, clock.micros)));
    assertTrue(decoder.claim(TcpConversation.syn(CLIENT, 40600, SERVER, port, clock.micros)));
    assertFalse(decoder.claim(TcpConversation.syn(CLIENT, 40601, SERVER, port, clock.micros)));
  }

  @Test
  void extendedPassiveModeUsesTheControlConnectionsServer() {
    ftp.client("EPSV\r\n");
    ftp.server("229 Entering Extended Passive Mode (|||40084|)\r\n");
    assertTrue(decoder.claim(TcpConversation.syn(CLIENT, 40600, SERVER, 40084, clock.micros)));
    assertFalse(decoder.claim(TcpConversation.syn(CLIENT, 40600, SERVER, 40084, clock.micros)));
  }

  @Test
  void activeModePortIsClaimedForTheServersConnectionToTheClient() {
    ftp.client("PORT 192,0,2,51,19,137\r\n");
    ftp.server("200 PORT command successful.\r\n");
    int port = 19 * 256 + 137;
    assertFalse(decoder.claim(TcpConversation.syn(CLIENT, 40600, SERVER, port, clock.micros)));
    assertTrue(decoder.claim(TcpConversation.syn(SERVER, 20, CLIENT, port, clock.micros)));
    assertFalse(decoder.claim(TcpConversation.syn(SERVER, 20, CLIENT, port, clock.micros)));
  }

  @Test
  void extendedPortAcceptsIpv4AndIpv6Addresses() {
    ftp.client("EPRT |1|192.0.2.51|6446|\r\n");
    ftp.client("EPRT |2|2001:db8::5|6447|\r\n");
    assertTrue(decoder.claim(TcpConversation.syn(SERVER, 20, CLIENT, 6446, clock.micros)));
    assertFalse(decoder.claim(TcpConversation.syn(SERVER, 20, CLIENT, 6446, clock.micros)));
    assertEquals(1, decoder.pendingExpectations());
  }

  @Test
  void malformedAnnouncementsAreIgnored() {
    ftp.client("PORT 300,0,2,51,19,137\r\nPORT 1,2,3\r\nEPRT |1|host.example|6446|\r\n");
    ftp.server("227 Entering Passive Mode (a,b,c,d,e,f)\r\n229 Extended (||x|)\r\n");
    assertEquals(0, decoder.pendingExpectations());
  }

  @Test
  void announcementIsForgottenAfterItsTimeInPacketTime() {
    ftp.client("PASV\r\n");
    ftp.server("227 Entering Passive Mode (203,0,113,10,156,70)\r\n");
    long later = clock.micros + CleartextLimits.DEFAULTS.expectationMicros() + 1;
    decoder.advanceTo(later);
    assertFalse(decoder.claim(TcpConversation.syn(CLIENT, 40600, SERVER, 156 * 256 + 70, later)));
  }

  @Test
  void announcementsAreBoundedInNumber() {
    CleartextLimits limits =
        new CleartextLimits(100, 4096, 16384, 16, 300_000_000L, 3, 120_000_000L, 256);
    CleartextAuthDecoder bounded =
        new CleartextAuthDecoder(recorded, CleartextService.WELL_KNOWN_PORTS, limits);
    TcpConversation control = new TcpConversation(bounded, clock, CLIENT, 40501, SERVER, 21);
    control.handshake();
    for (int i = 0; i < 5; i++) {
      control.client("EPRT |1|192.0.2.51|" + (6000 + i) + "|\r\n");
    }
    assertEquals(3, bounded.pendingExpectations());
    assertEquals(2, bounded.expectationsEvicted());
    assertFalse(bounded.claim(TcpConversation.syn(SERVER, 20, CLIENT, 6000, clock.micros)));
    assertTrue(bounded.claim(TcpConversation.syn(SERVER, 20, CLIENT, 6004, clock.micros)));
  }
}
