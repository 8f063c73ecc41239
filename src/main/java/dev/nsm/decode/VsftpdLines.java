package dev.nsm.decode;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Origin;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * vsftpd's own log ({@code vsftpd_log_file}): {@code Wed Nov 25 08:48:50 2026 [pid N] [bob] FAIL
 * LOGIN: Client "ADDR"}, or the same message through syslog/journald. The user name is in brackets
 * before the fixed {@code FAIL LOGIN: Client "ADDR"}; vsftpd escapes nothing, so the address is
 * taken from the last {@code Client "..."} that ends the line or is followed only by vsftpd's
 * quoted reason.
 */
final class VsftpdLines {

  /** vsftpd's own timestamp: {@code Wed Nov 25 08:48:50 2026 } (day may be space-padded). */
  static final Pattern OWN_FORMAT =
      Pattern.compile(
          "^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) {1,2}(\\d{1,2})"
              + " (\\d\\d):(\\d\\d):(\\d\\d) (\\d{4}) \\[pid (\\d+)\\] (.*)$",
          Pattern.DOTALL);

  private static final Pattern LOGIN =
      Pattern.compile(
          "^\\[(.*)\\] (OK|FAIL) LOGIN: Client \"([^\"]*)\"(?:, \"[^\"]*\")?$", Pattern.DOTALL);

  private VsftpdLines() {}

  /** A line of vsftpd's own log file. */
  static AuthLineResult parseOwnFormat(Matcher own, LogContext context) {
    long micros =
        LogTimestamps.fields(
            own.group(6),
            own.group(1),
            own.group(2),
            own.group(3),
            own.group(4),
            own.group(5),
            context);
    return parseMessage(micros, own.group(8), "vsftpd[" + own.group(7) + "]", context);
  }

  /** A vsftpd line through syslog: its own message or PAM's. */
  static AuthLineResult parse(SyslogLine line, LogContext context) {
    if (PamLines.mayMatch(line.message())) {
      return PamLines.parse(line, context);
    }
    return parseMessage(line.micros(), line.message(), line.session(), context);
  }

  private static AuthLineResult parseMessage(
      long micros, String message, String session, LogContext context) {
    Matcher m = LOGIN.matcher(message);
    if (!m.matches()) {
      if (message.contains(" LOGIN: ")) {
        return new AuthLineResult.Malformed(
            "vsftpd login line without 'Client \"ADDR\"' at its end: '"
                + Snippets.shorten(message)
                + "'");
      }
      return AuthLineResult.IRRELEVANT;
    }
    AuthOutcome outcome = m.group(2).equals("OK") ? AuthOutcome.SUCCESS : AuthOutcome.FAILURE;
    AuthAttempt attempt =
        AuthAttempt.of(
            micros,
            ClientAddress.parse(m.group(3), "vsftpd client"),
            null,
            0,
            "ftp",
            m.group(1),
            outcome,
            Origin.line(context.file(), context.lineNumber()));
    return AuthLineResult.of(new AuthEvidence(attempt, AuthEvidence.Kind.TRY, session));
  }
}
