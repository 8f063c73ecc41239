package dev.nsm.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailAuthTest {

  private final RecordedAttempts recorded = new RecordedAttempts();
  private final CleartextAuthDecoder decoder = new CleartextAuthDecoder(recorded);
  private final TcpConversation.Clock clock = new TcpConversation.Clock();

  private TcpConversation connect(int port) {
    TcpConversation c =
        new TcpConversation(decoder, clock, "198.51.100.77", 41000 + port, "203.0.113.10", port);
    c.handshake();
    return c;
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void pop3WrongPasswordIsAFailureAndRightOneASuccess() {
    TcpConversation pop = connect(110);
    pop.server("+OK Dovecot ready.\r\n");
    pop.client("USER dave\r\n");
    pop.server("+OK\r\n");
    pop.client("PASS 123456\r\n");
    pop.server("-ERR [AUTH] Authentication failed.\r\n");
    pop.client("USER dave\r\n");
    pop.server("+OK\r\n");
    pop.client("PASS right\r\n");
    pop.server("+OK Logged in.\r\n");
    assertEquals(List.of("dave failure", "dave success"), recorded.summary());
    assertEquals("pop3", recorded.attempts.get(0).service());
  }

  @Test
  void pop3PipelinedCommandsSplitAcrossSegmentsAreMatchedInOrder() {
    TcpConversation pop = connect(110);
    pop.server("+OK ready\r\n");
    pop.client("USER dave\r\nPASS a\r\nUSER ca");
    pop.client("rol\r\nPASS b\r\n");
    pop.server("+OK\r\n-ERR [AUTH] Authentication failed.\r\n+OK\r\n-E");
    pop.server("RR [AUTH] Authentication failed.\r\n");
    assertEquals(List.of("dave failure", "carol failure"), recorded.summary());
  }

  @Test
  void pop3MessageTextIsNotTakenForAStatus() {
    TcpConversation pop = connect(110);
    pop.server("+OK ready\r\n");
    pop.client("USER a\r\nPASS b\r\nRETR 1\r\nUSER a\r\nPASS c\r\n");
    pop.server("+OK\r\n+OK Logged in.\r\n+OK message\r\n-ERR looks like a status\r\n.\r\n");
    pop.server("+OK\r\n-ERR [AUTH] Authentication failed.\r\n");
    assertEquals(List.of("a success", "a failure"), recorded.summary());
  }

  @Test
  void pop3ApopNamesTheUser() {
    TcpConversation pop = connect(110);
    pop.server("+OK ready <1896.697170952@dbc.mtview.ca.us>\r\n");
    pop.client("APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n");
    pop.server("-ERR permission denied\r\n");
    assertEquals(List.of("mrose failure"), recorded.summary());
  }

  @Test
  void pop3OutOfOrderReplyIsReassembled() {
    TcpConversation pop = connect(110);
    pop.server("+OK ready\r\n");
    pop.client("USER dave\r\nPASS a\r\n");
    long seq = pop.serverSeq;
    pop.serverAt(seq + 5, "-ERR [AUTH] Authentication failed.\r\n");
    assertEquals(List.of(), recorded.summary());
    pop.serverAt(seq, "+OK\r\n");
    assertEquals(List.of("dave failure"), recorded.summary());
  }

  @Test
  void imapTaggedNoIsAFailureAndOkASuccess() {
    TcpConversation imap = connect(143);
    imap.server("* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n");
    imap.client("a1 LOGIN carol password1\r\n");
    imap.server("a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
    imap.client("a2 LOGIN \"alice\" \"pw\"\r\n");
    imap.server("* CAPABILITY IMAP4rev1\r\na2 OK Logged in\r\n");
    assertEquals(List.of("carol failure", "alice success"), recorded.summary());
    assertEquals("imap", recorded.attempts.get(0).service());
  }

  @Test
  void imapQuotedUserKeepsSpacesAndEscapedQuotes() {
    TcpConversation imap = connect(143);
    imap.client("x LOGIN \"car ol \\\"q\\\"\" pw\r\n");
    imap.server("x NO failed\r\n");
    assertEquals(List.of("car ol \"q\" failure"), recorded.summary());
  }

  @Test
  void imapInterleavedTagsAreMatchedByTag() {
    TcpConversation imap = connect(143);
    imap.client("1 LOGIN a p\r\n2 LOGIN b q\r\n");
    imap.server("2 NO failed\r\n1 OK done\r\n");
    assertEquals(List.of("b failure", "a success"), recorded.summary());
  }

  @Test
  void imapRetransmittedReplyIsNotCountedTwice() {
    TcpConversation imap = connect(143);
    imap.client("a1 LOGIN carol pw\r\n");
    long seq = imap.server("a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
    imap.serverAt(seq, "a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
    assertEquals(List.of("carol failure"), recorded.summary());
  }

  @Test
  void imapAuthenticatePlainNamesTheUserFromTheContinuation() {
    TcpConversation imap = connect(143);
    imap.client("a AUTHENTICATE PLAIN\r\n");
    imap.server("+ \r\n");
    imap.client(b64("\0carol\0pw") + "\r\n");
    imap.server("a NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
    assertEquals(List.of("carol failure"), recorded.summary());
  }

  @Test
  void smtpAuthPlainWithInitialResponseFailsWith535() {
    TcpConversation smtp = connect(25);
    smtp.server("220 mail ESMTP\r\n");
    smtp.client("EHLO x\r\n");
    smtp.server("250-mail\r\n250 AUTH PLAIN LOGIN\r\n");
    smtp.client("AUTH PLAIN " + b64("\0eve\0pw") + "\r\n");
    smtp.server("535 5.7.8 Authentication credentials invalid\r\n");
    assertEquals(List.of("eve failure"), recorded.summary());
    assertEquals("smtp", recorded.attempts.get(0).service());
  }

  @Test
  void smtpAuthLoginTakesTheUserFromTheFirstAnswer() {
    TcpConversation smtp = connect(587);
    smtp.client("AUTH LOGIN\r\n");
    smtp.server("334 VXNlcm5hbWU6\r\n");
    smtp.client(b64("mallory") + "\r\n");
    smtp.server("334 UGFzc3dvcmQ6\r\n");
    smtp.client(b64("secret") + "\r\n");
    smtp.server("235 2.7.0 Authentication successful\r\n");
    assertEquals(List.of("mallory success"), recorded.summary());
  }

  @Test
  void smtpMechanismRefusedIsNotAnAttempt() {
    TcpConversation smtp = connect(25);
    smtp.client("AUTH CRAM-MD5\r\n");
    smtp.server("504 5.5.4 Unrecognized authentication type\r\n");
    smtp.client("MAIL FROM:<a@b>\r\n");
    smtp.server("535 not really\r\n");
    assertEquals(List.of(), recorded.summary());
  }

  @Test
  void pop3AuthLoginNamesTheUserFromTheFirstResponse() {
    TcpConversation pop = connect(110);
    pop.server("+OK ready\r\n");
    pop.client("AUTH LOGIN\r\n");
    pop.server("+ VXNlcm5hbWU6\r\n");
    pop.client(b64("dave") + "\r\n");
    pop.server("+ UGFzc3dvcmQ6\r\n");
    pop.client(b64("123456") + "\r\n");
    pop.server("-ERR [AUTH] Authentication failed.\r\n");
    pop.client("AUTH PLAIN " + b64("\0alice\0pw") + "\r\n");
    pop.server("+OK Logged in.\r\n");
    assertEquals(List.of("dave failure", "alice success"), recorded.summary());
  }

  @Test
  void pop3AuthWithoutMechanismListsMechanismsAndIsNotAnAttempt() {
    TcpConversation pop = connect(110);
    pop.server("+OK ready\r\n");
    pop.client("AUTH\r\n");
    pop.server("+OK\r\nPLAIN\r\n-ERR not a status\r\n.\r\n");
    assertEquals(List.of(), recorded.summary());
  }

  @Test
  void imapAuthenticateLoginNamesTheUser() {
    TcpConversation imap = connect(143);
    imap.client("3 AUTHENTICATE LOGIN\r\n");
    imap.server("+ VXNlcm5hbWU6\r\n");
    imap.client(b64("carol") + "\r\n");
    imap.server("+ UGFzc3dvcmQ6\r\n");
    imap.client(b64("dragon") + "\r\n");
    imap.server("3 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
    assertEquals(List.of("carol failure"), recorded.summary());
  }
}
