package dev.nsm.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Origin;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FtpAuthTest {

  private final RecordedAttempts recorded = new RecordedAttempts();
  private final CleartextAuthDecoder decoder = new CleartextAuthDecoder(recorded);
  private TcpConversation ftp;

  @BeforeEach
  void connect() {
    ftp =
        new TcpConversation(
            decoder, new TcpConversation.Clock(), "198.51.100.23", 40001, "203.0.113.10", 21);
    ftp.handshake();
    ftp.server("220 Welcome to the example.com FTP service.\r\n");
  }

  @Test
  void wrongPasswordIsAFailureAttributedToTheClientAtTheReplyFrame() {
    ftp.client("USER bob\r\n");
    ftp.server("331 Please specify the password.\r\n");
    ftp.client("PASS secret\r\n");
    long replyFrame = ftp.nextFrame();
    ftp.server("530 Login incorrect.\r\n");

    assertEquals(1, recorded.attempts.size());
    AuthAttempt attempt = recorded.attempts.get(0);
    assertEquals("198.51.100.23", attempt.srcIp());
    assertEquals("203.0.113.10", attempt.dstIp());
    assertEquals(21, attempt.dstPort());
    assertEquals("ftp", attempt.service());
    assertEquals("bob", attempt.user());
    assertEquals(AuthOutcome.FAILURE, attempt.outcome());
    assertEquals(Origin.frame(TcpConversation.INPUT, replyFrame), attempt.origin());
    assertEquals(1, decoder.attempts(CleartextService.FTP, AuthOutcome.FAILURE));
  }

  @Test
  void loginSuccessfulIsASuccess() {
    ftp.client("USER bob\r\n");
    ftp.server("331 Please specify the password.\r\n");
    ftp.client("PASS sunshine7\r\n");
    ftp.server("230 Login successful.\r\n");
    assertEquals(List.of("bob success"), recorded.summary());
  }

  @Test
  void commandAndReplySplitAcrossSegmentsAreReadWhole() {
    ftp.client("US");
    ftp.client("ER al");
    ftp.client("ice\r\nPA");
    ftp.client("SS x\r\n");
    ftp.server("331 Please\r\n530 Log");
    assertEquals(List.of(), recorded.summary());
    ftp.server("in incorrect.\r\n");
    assertEquals(List.of("alice failure"), recorded.summary());
  }

  @Test
  void pipelinedCommandsAreMatchedToRepliesInOrder() {
    ftp.client("USER alice\r\nPASS a\r\nUSER dave\r\nPASS b\r\n");
    ftp.server("331 Please specify the password.\r\n530 Login incorrect.\r\n");
    ftp.server("331 Please specify the password.\r\n230 Login successful.\r\n");
    assertEquals(List.of("alice failure", "dave success"), recorded.summary());
  }

  @Test
  void multiLineReplyCountsOnce() {
    ftp.client("USER bob\r\nPASS x\r\n");
    ftp.server(
        "331 Please specify the password.\r\n"
            + "230-Welcome\r\n"
            + "230-to the server\r\n"
            + "230 Login successful.\r\n");
    assertEquals(List.of("bob success"), recorded.summary());
  }

  @Test
  void retransmittedReplyIsNotCountedTwice() {
    ftp.client("USER bob\r\nPASS x\r\n");
    ftp.server("331 Please specify the password.\r\n");
    long seq = ftp.server("530 Login incorrect.\r\n");
    ftp.serverAt(seq, "530 Login incorrect.\r\n");
    assertEquals(List.of("bob failure"), recorded.summary());
  }

  @Test
  void outOfOrderReplyIsReassembledBeforeReading() {
    ftp.client("USER bob\r\nPASS x\r\nUSER bob\r\nPASS y\r\n");
    long first = ftp.serverSeq;
    String a = "331 Please specify the password.\r\n530 Login incorrect.\r\n";
    String b = "331 Please specify the password.\r\n230 Login successful.\r\n";
    ftp.serverAt(first + a.length(), b);
    assertEquals(List.of(), recorded.summary());
    ftp.serverAt(first, a);
    assertEquals(List.of("bob failure", "bob success"), recorded.summary());
  }

  @Test
  void userNameWithControlCharactersAndSpacesIsKeptAsData() {
    ftp.client("USER  evil\u001b[31m name\rX\r\nPASS x\r\n");
    ftp.server("331 ok\r\n530 Login incorrect.\r\n");
    assertEquals(" evil\u001b[31m name\rX", recorded.attempts.get(0).user());
  }

  @Test
  void userNameIsCutToTheBound() {
    ftp.client("USER " + "a".repeat(1000) + "\r\nPASS x\r\n");
    ftp.server("331 ok\r\n530 Login incorrect.\r\n");
    assertEquals(256, recorded.attempts.get(0).user().length());
  }

  @Test
  void nothingIsReadAfterTheControlChannelTurnsToTls() {
    ftp.client("AUTH TLS\r\n");
    ftp.server("234 Proceed with negotiation.\r\n");
    ftp.client("USER bob\r\nPASS x\r\n");
    ftp.server("331 ok\r\n530 Login incorrect.\r\n");
    assertEquals(List.of(), recorded.summary());
  }
}
