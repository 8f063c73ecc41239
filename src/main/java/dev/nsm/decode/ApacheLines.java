package dev.nsm.decode;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Origin;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apache httpd 2.4 basic-auth failures from its error log (default {@code ErrorLogFormat}):
 *
 * <pre>
 * [Wed Nov 25 08:54:48.765432 2026] [auth_basic:error] [pid 1234:tid 5678] [client ADDR:PORT]
 *     AH01617: user X: authentication failure for "/uri": Password Mismatch
 *     AH01618: user X not found: /uri
 * </pre>
 *
 * <p>The address is taken from the {@code [client ...]} field right after the pid field, which
 * httpd writes before the message: a user name or URI holding {@code [client 6.6.6.6:1]} comes
 * after the {@code AH0161x:} code and is never looked at for it. Apache's access log needs no code
 * of its own: in the combined or common format it is read by {@link NginxLines}.
 *
 * <p>As with nginx, one failed try is a line in each log; the error log's line is an {@link
 * AuthEvidence.Kind#ERROR_LOG_COPY}.
 */
final class ApacheLines {

  // Anchored at the start of the line. The day may be space-padded as in ctime(3).
  private static final Pattern HEADER =
      Pattern.compile(
          "^\\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) {1,2}(\\d{1,2}) (\\d\\d):(\\d\\d):(\\d\\d)"
              + "(?:\\.(\\d{1,6}))? (\\d{4})\\] \\[[\\w.-]*:\\w+\\] \\[pid \\d+(?::tid \\d+)?\\] ");

  // The client field can hold no space, so the lazy match ends at the first "] " httpd wrote.
  private static final Pattern FAILURE =
      Pattern.compile(
          "^\\[client (\\S+?)\\] (?:AH01617: user (.*?): authentication failure for \""
              + "|AH01618: user (.*?) not found: )",
          Pattern.DOTALL);

  // IPv6 comes bracketed ([2001:db8::1]:51234) or bare with the port appended (2001:db8::1:51234).
  private static final Pattern BRACKETED = Pattern.compile("^(\\[[^\\]]*\\])(?::\\d+)?$");
  private static final Pattern PORT = Pattern.compile(":\\d+$");

  private ApacheLines() {}

  /** The line's result, or {@code null} when it is not an Apache error log line at all. */
  static AuthLineResult parse(String line, LogContext context) {
    Matcher header = HEADER.matcher(line);
    if (!header.lookingAt()) {
      return null;
    }
    Matcher failure = FAILURE.matcher(line.substring(header.end()));
    if (!failure.lookingAt()) {
      return AuthLineResult.IRRELEVANT;
    }
    long micros =
        LogTimestamps.fields(
            header.group(7),
            header.group(1),
            header.group(2),
            header.group(3),
            header.group(4),
            header.group(5),
            context);
    String fraction = header.group(6);
    if (fraction != null) {
      micros = Math.addExact(micros, Long.parseLong((fraction + "00000").substring(0, 6)));
    }
    String user = failure.group(2) != null ? failure.group(2) : failure.group(3);
    AuthAttempt attempt =
        AuthAttempt.of(
            micros,
            ClientAddress.parse(withoutPort(failure.group(1)), "apache client"),
            null,
            0,
            "http",
            user,
            AuthOutcome.FAILURE,
            Origin.line(context.file(), context.lineNumber()));
    return AuthLineResult.of(new AuthEvidence(attempt, AuthEvidence.Kind.ERROR_LOG_COPY, null));
  }

  // httpd 2.4 always appends ":PORT" (the pid field above rules out 2.2's portless lines), so the
  // last colon and digits are the port even in bare IPv6.
  private static String withoutPort(String client) {
    Matcher bracketed = BRACKETED.matcher(client);
    if (bracketed.matches()) {
      return bracketed.group(1);
    }
    return PORT.matcher(client).replaceFirst("");
  }
}
