package dev.nsm.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TelnetAuthTest {

  private static final int IAC = 255;
  private static final int DO = 253;
  private static final int WILL = 251;
  private static final int SB = 250;
  private static final int SE = 240;

  private final RecordedAttempts recorded = new RecordedAttempts();
  private final CleartextAuthDecoder decoder = new CleartextAuthDecoder(recorded);
  private TcpConversation telnet;

  @BeforeEach
  void connect() {
    telnet =
        new TcpConversation(
            decoder, new TcpConversation.Clock(), "198.51.100.23", 42000, "203.0.113.10", 23);
    telnet.handshake();
    // Option negotiation split so that the IAC sequence straddles two segments.
    telnet.server(new String(new char[] {IAC, DO, 24, IAC, DO, 32, IAC}));
    telnet.server(
        new String(new char[] {SB, 24, 1, 'l', 'o', 'g', 'i', 'n', ':', IAC, SE, IAC, WILL, 1}));
    telnet.client(
        new String(new char[] {IAC, WILL, 24, IAC, SB, 24, 0, 'x', 't', 'e', 'r', 'm', IAC, SE}));
    telnet.server("\r\nsrv01 login: ");
  }

  /** Types one character per segment and lets the server echo each. */
  private void typeWithEcho(String text) {
    for (char c : text.toCharArray()) {
      telnet.client(String.valueOf(c));
      telnet.server(String.valueOf(c));
    }
    telnet.client("\r\0");
    telnet.server("\r\n");
  }

  @Test
  void loginIncorrectAfterTypedNameAndPasswordIsAFailure() {
    typeWithEcho("dave");
    telnet.server("Password: ");
    telnet.client("hunter2\r\0");
    telnet.server("\r\nLogin inc");
    assertEquals(List.of(), recorded.summary());
    telnet.server("orrect\r\nsrv01 login: ");
    assertEquals(List.of("dave failure"), recorded.summary());
    assertEquals("telnet", recorded.attempts.get(0).service());
    assertEquals("198.51.100.23", recorded.attempts.get(0).srcIp());
  }

  @Test
  void repeatedTriesOnOneConnectionCountEach() {
    for (int i = 0; i < 3; i++) {
      typeWithEcho("dave");
      telnet.server("Password: ");
      telnet.client("pw" + i + "\r\n");
      telnet.server("\r\nLogin incorrect\r\nsrv01 login: ");
    }
    assertEquals(List.of("dave failure", "dave failure", "dave failure"), recorded.summary());
  }

  @Test
  void lastLoginBannerAfterThePasswordIsASuccess() {
    typeWithEcho("alice");
    telnet.server("Password: ");
    telnet.client("right\r\0");
    telnet.server("\r\nLast login: Wed Nov 25 09:00:00 UTC 2026 from 192.0.2.52 on pts/1\r\n");
    telnet.server("alice@srv01:~$ ");
    assertEquals(List.of("alice success"), recorded.summary());
  }

  @Test
  void shellPromptAfterThePasswordIsASuccess() {
    typeWithEcho("alice");
    telnet.server("Password: ");
    telnet.client("right\r\n");
    telnet.server("Linux srv01 6.1.0\r\n");
    assertEquals(List.of(), recorded.summary());
    telnet.server("alice@srv01:~$ ");
    assertEquals(List.of("alice success"), recorded.summary());
  }

  @Test
  void backspaceEditsTheTypedName() {
    telnet.client("davx\u007fe\r\n");
    telnet.server("Password: ");
    telnet.client("pw\r\n");
    telnet.server("Login incorrect\r\n");
    assertEquals(List.of("dave failure"), recorded.summary());
  }

  @Test
  void typedNameWithEscapeIsKeptAsData() {
    telnet.client("ev il\u001b[2J\r\n");
    telnet.server("Password: ");
    telnet.client("pw\r\n");
    telnet.server("Login incorrect\r\n");
    assertEquals(List.of("ev il\u001b[2J failure"), recorded.summary());
  }

  @Test
  void retransmittedFailureIsNotCountedTwice() {
    typeWithEcho("dave");
    telnet.server("Password: ");
    telnet.client("pw\r\n");
    long seq = telnet.server("\r\nLogin incorrect\r\n");
    telnet.serverAt(seq, "\r\nLogin incorrect\r\n");
    assertEquals(List.of("dave failure"), recorded.summary());
  }
}
