package dev.nsm.decode;

import dev.nsm.event.AuthOutcome;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * HTTP/1.x Basic authentication: a request carrying {@code Authorization: Basic} answered 401 is a
 * failure, 2xx or 3xx a success. A 401 to a request without credentials is the server's challenge,
 * not a failure. Responses are matched to requests in order (pipelining); bodies with a
 * Content-Length are skipped so their content is never read as headers.
 */
final class HttpBasicParser extends LineParser {

  private static final Pattern REQUEST_LINE = Pattern.compile("[A-Z]{1,20} \\S+ HTTP/1\\.[0-9]");
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[0-9] [0-9]{3}( .*)?");

  private record Request(boolean head, boolean hasCredentials, String user) {}

  private final ArrayDeque<Request> awaitingResponse = new ArrayDeque<>();

  private boolean inRequestHeaders;
  private boolean requestIsHead;
  private boolean hasCredentials;
  private String user;
  private long requestContentLength;

  private boolean inResponseHeaders;
  private boolean responseHasBody;
  private long responseContentLength;
  private boolean responseChunked;

  HttpBasicParser(AuthExchange exchange, int maxLineBytes) {
    super(exchange, maxLineBytes);
  }

  @Override
  void onClientLine(String line) {
    if (!inRequestHeaders) {
      if (REQUEST_LINE.matcher(line).matches()) {
        inRequestHeaders = true;
        requestIsHead = line.startsWith("HEAD ");
        hasCredentials = false;
        user = null;
        requestContentLength = 0;
      }
      return;
    }
    if (line.isEmpty()) {
      inRequestHeaders = false;
      if (awaitingResponse.size() < MAX_PENDING) {
        awaitingResponse.add(new Request(requestIsHead, hasCredentials, user));
      }
      client.skip(requestContentLength);
      return;
    }
    String name = headerName(line);
    if (name.equals("authorization")) {
      String value = headerValue(line);
      if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
        hasCredentials = true;
        user = Credentials.basicUser(value.substring(6).trim(), exchange.maxUserChars());
      }
    } else if (name.equals("content-length")) {
      requestContentLength = contentLength(headerValue(line));
    }
  }

  @Override
  void onServerLine(String line) {
    if (!inResponseHeaders) {
      if (STATUS_LINE.matcher(line).matches()) {
        startResponse(Integer.parseInt(line.substring(9, 12)));
      }
      return;
    }
    if (line.isEmpty()) {
      inResponseHeaders = false;
      if (responseHasBody && !responseChunked) {
        server.skip(responseContentLength);
      }
      // Chunked bodies are read as lines; a chunk line never looks like a status line.
      return;
    }
    String name = headerName(line);
    if (name.equals("content-length")) {
      responseContentLength = contentLength(headerValue(line));
    } else if (name.equals("transfer-encoding")) {
      responseChunked = headerValue(line).toLowerCase(Locale.ROOT).contains("chunked");
    }
  }

  private void startResponse(int status) {
    inResponseHeaders = true;
    responseContentLength = 0;
    responseChunked = false;
    if (status < 200) {
      responseHasBody = false;
      return; // 100 Continue and friends: the final response is still to come
    }
    Request request = awaitingResponse.poll();
    responseHasBody = status != 204 && status != 304 && (request == null || !request.head());
    if (request == null || !request.hasCredentials()) {
      return;
    }
    if (status == 401) {
      exchange.attempt(request.user(), AuthOutcome.FAILURE);
    } else if (status < 400) {
      exchange.attempt(request.user(), AuthOutcome.SUCCESS);
    }
  }

  private static String headerName(String line) {
    int colon = line.indexOf(':');
    return colon < 0 ? "" : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
  }

  private static String headerValue(String line) {
    return line.substring(line.indexOf(':') + 1).trim();
  }

  private static long contentLength(String value) {
    if (value.isEmpty() || value.length() > 15 || !value.chars().allMatch(Character::isDigit)) {
      return 0;
    }
    return Long.parseLong(value);
  }
}
