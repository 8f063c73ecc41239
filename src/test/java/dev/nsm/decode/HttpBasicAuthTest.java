package dev.nsm.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nsm.event.AuthOutcome;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpBasicAuthTest {

  private final RecordedAttempts recorded = new RecordedAttempts();
  private final CleartextAuthDecoder decoder = new CleartextAuthDecoder(recorded);
  private TcpConversation http;

  @BeforeEach
  void connect() {
    http =
        new TcpConversation(
            decoder, new TcpConversation.Clock(), "198.51.100.77", 50000, "203.0.113.10", 80);
    http.handshake();
  }

  private static String request(String credentials) {
    String auth =
        credentials == null
            ? ""
            : "Authorization: Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))
                + "\r\n";
    return "GET /admin/ HTTP/1.1\r\nHost: 203.0.113.10\r\n" + auth + "\r\n";
  }

  private static String response(String status, String body) {
    return "HTTP/1.1 " + status + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
  }

  @Test
  void unauthorizedAnswerToCredentialsIsAFailureForThatUser() {
    http.client(request("admin:123456"));
    http.server(response("401 Unauthorized", "<html>401</html>"));
    assertEquals(List.of("admin failure"), recorded.summary());
    assertEquals("http", recorded.attempts.get(0).service());
  }

  @Test
  void okAnswerToCredentialsIsASuccess() {
    http.client(request("admin:letmein2026"));
    http.server(response("200 OK", "welcome"));
    assertEquals(List.of("admin success"), recorded.summary());
  }

  @Test
  void challengeToARequestWithoutCredentialsIsNotAnAttempt() {
    http.client(request(null));
    http.server(response("401 Unauthorized", "login first"));
    assertEquals(List.of(), recorded.summary());
    assertEquals(0, decoder.attempts(CleartextService.HTTP, AuthOutcome.FAILURE));
  }

  @Test
  void pipelinedRequestsAreMatchedToResponsesInOrder() {
    http.client(request(null) + request("admin:a") + request("root:b"));
    http.server(
        response("401 Unauthorized", "x") + response("401 Unauthorized", "HTTP/1.1 200 OK\r\n"));
    http.server(response("302 Found", ""));
    assertEquals(List.of("admin failure", "root success"), recorded.summary());
  }

  @Test
  void responseBodyThatLooksLikeAStatusLineIsNotRead() {
    http.client(request("admin:a") + request("admin:b"));
    http.server(response("401 Unauthorized", "HTTP/1.1 200 OK\r\n\r\n"));
    http.server(response("401 Unauthorized", ""));
    assertEquals(List.of("admin failure", "admin failure"), recorded.summary());
  }

  @Test
  void headerSplitAcrossSegmentsIsReadWhole() {
    String text = request("admin:pw");
    int cut = text.indexOf("Basic ") + 8;
    http.client(text.substring(0, cut));
    http.client(text.substring(cut));
    http.server("HTTP/1.1 401 Unauth");
    http.server("orized\r\nContent-Length: 0\r\n\r\n");
    assertEquals(List.of("admin failure"), recorded.summary());
  }

  @Test
  void retransmittedResponseIsNotCountedTwice() {
    http.client(request("admin:a"));
    long seq = http.server(response("401 Unauthorized", ""));
    http.serverAt(seq, response("401 Unauthorized", ""));
    assertEquals(1, recorded.attempts.size());
  }

  @Test
  void invalidBase64CountsWithUnknownUser() {
    http.client("GET / HTTP/1.1\r\nAuthorization: Basic !!!not-base64\r\n\r\n");
    http.server(response("401 Unauthorized", ""));
    assertEquals(1, recorded.attempts.size());
    assertNull(recorded.attempts.get(0).user());
  }

  @Test
  void userNameWithLineBreaksAndEscapeIsKeptAsData() {
    http.client(request("ad\r\nmin \u001b[0m:pw"));
    http.server(response("401 Unauthorized", ""));
    assertEquals("ad\r\nmin \u001b[0m", recorded.attempts.get(0).user());
  }

  @Test
  void utf8UserNameIsDecodedAsUtf8() {
    http.client(request("jürgen:pw"));
    http.server(response("401 Unauthorized", ""));
    assertEquals("jürgen", recorded.attempts.get(0).user());
  }
}
