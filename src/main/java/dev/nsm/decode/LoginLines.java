package dev.nsm.decode;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Origin;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * login(1) under telnetd: {@code FAILED LOGIN (n) on '/dev/pts/1' from 'ADDR' FOR 'user',
 * Authentication failure}. The quoted fields are fixed; the user name is the last one, so the
 * address is read before the client-chosen text.
 */
final class LoginLines {

  private static final Pattern FAILED =
      Pattern.compile(
          "^FAILED LOGIN \\(\\d+\\) on '[^']*' from '([^']*)' FOR '(.*)', (.*)$", Pattern.DOTALL);

  private LoginLines() {}

  static AuthLineResult parse(SyslogLine line, LogContext context) {
    String message = line.message();
    Matcher m = FAILED.matcher(message);
    if (m.matches()) {
      AuthAttempt attempt =
          AuthAttempt.of(
              line.micros(),
              ClientAddress.parse(m.group(1), "login remote"),
              null,
              0,
              "telnet",
              m.group(2),
              AuthOutcome.FAILURE,
              Origin.line(context.file(), context.lineNumber()));
      return AuthLineResult.of(new AuthEvidence(attempt, AuthEvidence.Kind.TRY, line.session()));
    }
    if (message.startsWith("FAILED LOGIN")) {
      return new AuthLineResult.Malformed(
          "login failure without 'from ADDR': '" + Snippets.shorten(message) + "'");
    }
    return AuthLineResult.IRRELEVANT;
  }
}
