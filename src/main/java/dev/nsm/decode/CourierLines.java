package dev.nsm.decode;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Origin;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * courier's imapd/pop3d: {@code LOGIN FAILED, user=X, ip=[ADDR]} (optionally {@code , port=[N]}).
 * The address is the last {@code ip=[...]}: the user name before it is the client's.
 */
final class CourierLines {

  private static final Pattern FAILED =
      Pattern.compile(
          "^LOGIN FAILED, (?:user=(.*), |method=[^,]*, )?ip=\\[([^\\]]*)\\](?:, port=\\[\\d+\\])?$",
          Pattern.DOTALL);

  private CourierLines() {}

  static AuthLineResult parse(SyslogLine line, LogContext context) {
    Matcher m = FAILED.matcher(line.message());
    if (!m.matches()) {
      return line.message().startsWith("LOGIN FAILED")
          ? new AuthLineResult.Malformed(
              "courier login failure without 'ip=[ADDR]' at its end: '"
                  + Snippets.shorten(line.message())
                  + "'")
          : AuthLineResult.IRRELEVANT;
    }
    String program = line.program().toLowerCase(Locale.ROOT);
    String service = program.contains("pop3") ? "pop3" : "imap";
    AuthAttempt attempt =
        AuthAttempt.of(
            line.micros(),
            ClientAddress.parse(m.group(2), "courier client"),
            null,
            0,
            service,
            m.group(1),
            AuthOutcome.FAILURE,
            Origin.line(context.file(), context.lineNumber()));
    return AuthLineResult.of(new AuthEvidence(attempt, AuthEvidence.Kind.TRY, line.session()));
  }
}
