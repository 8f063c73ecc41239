package dev.nsm.decode;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Origin;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * postfix smtpd's {@code warning: unknown[ADDR]: SASL LOGIN authentication failed: ...}. The
 * client's host name and address come first and are written by postfix, not the client; the SASL
 * user name (when logged) is never used for the address.
 */
final class PostfixLines {

  private static final Pattern SASL_FAILED =
      Pattern.compile(
          "^warning: [^\\s\\[]*\\[([0-9A-Fa-f:.]+)\\]: SASL [A-Z0-9-]+ authentication failed.*$",
          Pattern.DOTALL);

  private PostfixLines() {}

  static AuthLineResult parse(SyslogLine line, LogContext context) {
    Matcher m = SASL_FAILED.matcher(line.message());
    if (!m.matches()) {
      return line.message().contains("SASL") && line.message().contains("authentication failed")
          ? new AuthLineResult.Malformed(
              "postfix SASL failure without 'host[ADDR]': '"
                  + Snippets.shorten(line.message())
                  + "'")
          : AuthLineResult.IRRELEVANT;
    }
    AuthAttempt attempt =
        AuthAttempt.of(
            line.micros(),
            ClientAddress.parse(m.group(1), "postfix client"),
            null,
            0,
            "smtp",
            null,
            AuthOutcome.FAILURE,
            Origin.line(context.file(), context.lineNumber()));
    return AuthLineResult.of(new AuthEvidence(attempt, AuthEvidence.Kind.TRY, line.session()));
  }
}
