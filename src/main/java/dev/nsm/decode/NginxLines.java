package dev.nsm.decode;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Origin;
import java.time.DateTimeException;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nginx HTTP basic auth, from either log:
 *
 * <ul>
 *   <li>error log: {@code user "x" was not found in "...", client: ADDR}, {@code user "x": password
 *       mismatch, client: ADDR}, {@code PAM: user 'x' - not authenticated ..., client: ADDR}
 *       (failures only). The address is the last {@code , client: ADDR, server: }: the request line
 *       and the user name may contain a fake one before it.
 *   <li>access log (combined format): a request with a user and status 401 is a failure, with a
 *       user and a 2xx/3xx status a success.
 * </ul>
 *
 * <p>One failed try is one line in each log. Reading both logs of one server counts it twice; pass
 * one of them (the access log also has successes, the error log says why a try failed).
 *
 * <p>TLS handshake errors ({@code SSL_do_handshake() failed ... client: ADDR}), which fail2ban's
 * nginx filter also bans in its "fallback" mode, are deliberately not authentication attempts: no
 * credential was tried, and counting them would let broken TLS clients trip brute-force rules.
 */
final class NginxLines {

  // Anchored at the start of an error-log line; searched in the message of a syslog/journald line
  // whose program is nginx (journald copies may put "host nginx: " in front). Never searched in
  // other lines: a user name in an sshd line must not pass for an nginx line.
  private static final Pattern ERROR_HEADER =
      Pattern.compile(
          "(\\d{4})/(\\d\\d)/(\\d\\d) (\\d\\d):(\\d\\d):(\\d\\d) \\[(\\w+)\\] \\d+#\\d+: (?:\\*\\d+"
              + " )?");
  private static final Pattern BASIC_AUTH_FAILURE =
      Pattern.compile(
          "^(?:user \"(.*?)\"(?: was not found in |: password mismatch)"
              + "|PAM: user '(.*?)' - not authenticated)",
          Pattern.DOTALL);
  private static final String CLIENT = ", client: ";

  private static final Pattern ACCESS =
      Pattern.compile(
          "^([0-9A-Fa-f]*[.:][0-9A-Fa-f:.]*) \\S+ (.*?)"
              + " \\[(\\d\\d)/([A-Z][a-z]{2})/(\\d{4}):(\\d\\d):(\\d\\d):(\\d\\d) ([+-]\\d{4})\\]"
              + " \"(.*)\" (\\d{3}) (?:\\d+|-)(?: .*)?$",
          Pattern.DOTALL);

  private NginxLines() {}

  /** True for a line of nginx's access log (combined or common format). */
  static boolean isAccessLogLine(String line) {
    return ACCESS.matcher(line).matches();
  }

  /** The line's result, or {@code null} when it is not an nginx log line at all. */
  static AuthLineResult parse(String line, LogContext context) {
    Matcher access = ACCESS.matcher(line);
    if (access.matches()) {
      return access(access, context);
    }
    Matcher error = ERROR_HEADER.matcher(line);
    if (error.lookingAt()) {
      return error(error, line.substring(error.end()), context);
    }
    return null;
  }

  /** The message of a syslog or journald line logged by nginx. */
  static AuthLineResult parseSyslogMessage(String message, LogContext context) {
    Matcher error = ERROR_HEADER.matcher(message);
    if (error.find()) {
      return error(error, message.substring(error.end()), context);
    }
    return AuthLineResult.IRRELEVANT;
  }

  private static AuthLineResult access(Matcher m, LogContext context) {
    String user = m.group(2);
    int status = Integer.parseInt(m.group(11));
    if (user.equals("-") || user.isEmpty()) {
      return AuthLineResult.IRRELEVANT;
    }
    AuthOutcome outcome;
    if (status == 401) {
      outcome = AuthOutcome.FAILURE;
    } else if (status >= 200 && status < 400) {
      outcome = AuthOutcome.SUCCESS;
    } else {
      return AuthLineResult.IRRELEVANT;
    }
    String offset = m.group(9);
    ZoneOffset zone;
    try {
      zone = ZoneOffset.of(offset.substring(0, 3) + ":" + offset.substring(3));
    } catch (DateTimeException e) {
      // "+0080" has the shape of an offset but is none (found by the fuzzer).
      return new AuthLineResult.Malformed(
          "nginx access log time has no such offset '" + offset + "'");
    }
    LogContext inZone =
        new LogContext(
            context.file(), context.lineNumber(), context.year(), zone, context.fileModified());
    long micros =
        LogTimestamps.fields(
            m.group(5), m.group(4), m.group(3), m.group(6), m.group(7), m.group(8), inZone);
    return attempt(micros, m.group(1), user, outcome, AuthEvidence.Kind.TRY, context);
  }

  private static AuthLineResult error(Matcher header, String message, LogContext context) {
    Matcher failure = BASIC_AUTH_FAILURE.matcher(message);
    if (!failure.find()) {
      return AuthLineResult.IRRELEVANT;
    }
    int client = message.lastIndexOf(CLIENT);
    if (client < 0) {
      return new AuthLineResult.Malformed(
          "nginx auth failure without 'client: ADDR': '" + Snippets.shorten(message) + "'");
    }
    String tail = message.substring(client + CLIENT.length());
    int comma = tail.indexOf(',');
    String address = comma < 0 ? tail.strip() : tail.substring(0, comma);
    long micros =
        LogTimestamps.fields(
            header.group(1),
            header.group(2),
            header.group(3),
            header.group(4),
            header.group(5),
            header.group(6),
            context);
    String user = failure.group(1) != null ? failure.group(1) : failure.group(2);
    return attempt(
        micros, address, user, AuthOutcome.FAILURE, AuthEvidence.Kind.ERROR_LOG_COPY, context);
  }

  private static AuthLineResult attempt(
      long micros,
      String address,
      String user,
      AuthOutcome outcome,
      AuthEvidence.Kind kind,
      LogContext context) {
    AuthAttempt attempt =
        AuthAttempt.of(
            micros,
            ClientAddress.parse(address, "nginx client"),
            null,
            0,
            "http",
            user,
            outcome,
            Origin.line(context.file(), context.lineNumber()));
    return AuthLineResult.of(new AuthEvidence(attempt, kind, null));
  }
}
