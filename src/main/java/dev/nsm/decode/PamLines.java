package dev.nsm.decode;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Origin;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pam_unix's {@code authentication failure; ... rhost=ADDR user=X}, whichever daemon logs it. It is
 * a {@link AuthEvidence.Kind#PRECURSOR}: the daemon usually logs its own verdict on the same try
 * right after, and only that one should count.
 */
final class PamLines {

  // "pam_unix(sshd:auth): ", "(pam_unix) " (old vsftpd), or nothing (journald-stripped vsftpd).
  private static final Pattern FAILURE =
      Pattern.compile(
          "^(?:pam_unix\\(([\\w.-]+):auth\\): |\\(pam_unix\\) )?authentication failure; (.*)$",
          Pattern.DOTALL);
  private static final Pattern PAM_PROGRAM = Pattern.compile("^([\\w.-]+)\\(pam_unix\\)$");

  private PamLines() {}

  static boolean mayMatch(String message) {
    return message.contains("authentication failure;");
  }

  static AuthLineResult parse(SyslogLine line, LogContext context) {
    Matcher m = FAILURE.matcher(line.message());
    if (!m.matches()) {
      return AuthLineResult.IRRELEVANT;
    }
    String pamService = m.group(1) != null ? m.group(1) : programService(line.program());
    Split split = split(m.group(2));
    if (split == null) {
      return new AuthLineResult.Malformed(
          "PAM failure without 'rhost=ADDR [user=X]' at its end: '"
              + Snippets.shorten(line.message())
              + "'");
    }
    if (split.address.isEmpty()) {
      // A local login (console, su): no network client to attribute it to.
      return AuthLineResult.IRRELEVANT;
    }
    String address = split.address;
    String user = split.user;
    AuthAttempt attempt =
        AuthAttempt.of(
            line.micros(),
            ClientAddress.parse(address, "PAM rhost"),
            null,
            0,
            serviceOf(pamService),
            user,
            AuthOutcome.FAILURE,
            Origin.line(context.file(), context.lineNumber()));
    return AuthLineResult.of(
        new AuthEvidence(attempt, AuthEvidence.Kind.PRECURSOR, line.session()));
  }

  private record Split(String ruser, String address, String user) {}

  /**
   * Finds the genuine {@code rhost=}: ruser before it and user after it are both client-chosen
   * (vsftpd logs the typed name as both), so either may contain a fake {@code rhost=}. A genuine
   * split has only an optional {@code user=} after the address; among several, the one where ruser
   * and user agree (or ruser is empty) is the daemon's.
   */
  private static Split split(String fields) {
    Split first = null;
    for (int at = fields.indexOf("rhost="); at >= 0; at = fields.indexOf("rhost=", at + 1)) {
      if (at > 0 && fields.charAt(at - 1) != ' ') {
        continue;
      }
      String after = fields.substring(at + "rhost=".length());
      int space = after.indexOf(' ');
      String address = space < 0 ? after : after.substring(0, space);
      String rest = space < 0 ? "" : after.substring(space).stripLeading();
      String user;
      if (rest.isEmpty()) {
        user = null;
      } else if (rest.startsWith("user=")) {
        user = rest.substring("user=".length());
      } else {
        continue;
      }
      int ruserAt = fields.lastIndexOf("ruser=", at);
      String ruser = ruserAt < 0 ? "" : fields.substring(ruserAt + "ruser=".length(), at).strip();
      Split candidate = new Split(ruser, address, user);
      if (ruser.isEmpty() || ruser.equals(user)) {
        return candidate;
      }
      if (first == null) {
        first = candidate;
      }
    }
    return first;
  }

  private static String programService(String program) {
    Matcher m = PAM_PROGRAM.matcher(program);
    return m.matches() ? m.group(1) : program;
  }

  /** The service name facts carry, from the PAM service or program name. */
  static String serviceOf(String pamService) {
    String name = pamService.toLowerCase(Locale.ROOT);
    return switch (name) {
      case "sshd" -> "ssh";
      case "vsftpd", "proftpd", "pure-ftpd" -> "ftp";
      case "login", "telnetd", "in.telnetd" -> "telnet";
      // dovecot's PAM service covers both POP3 and IMAP and its line does not say which.
      case "dovecot" -> "mail";
      default -> name;
    };
  }
}
