package dev.nsm.decode;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Origin;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenSSH sshd's own lines. Every pattern is anchored at the end of the line and takes the address
 * from the fixed tail ({@code from ADDR port N ssh2}): the user name before it is the client's
 * choice and may itself contain {@code from 6.6.6.6 port 1 ssh2}; greedy matching of the user name
 * makes the last, genuine, tail win.
 */
final class SshdLines {

  private static final Pattern VERDICT =
      Pattern.compile(
          "^(Failed|Accepted)"
              + " (password|publickey|keyboard-interactive(?:/pam)?|hostbased|none|gssapi-with-mic)"
              + " for (invalid user )?(.*) from (\\S+) port (\\d+)(?: ssh\\d?)?(?:: [A-Z0-9-]+"
              + " SHA256:[A-Za-z0-9+/=]+)?$",
          Pattern.DOTALL);
  private static final Pattern INVALID_USER =
      Pattern.compile("^Invalid user (.*) from (\\S+)(?: port (\\d+))?$", Pattern.DOTALL);
  private static final Pattern CLOSED_DURING_AUTH =
      Pattern.compile(
          "^(?:Connection closed by|Disconnected from) authenticating user (.*) (\\S+) port (\\d+)"
              + "(?: \\[preauth\\])?$",
          Pattern.DOTALL);
  private static final Pattern TOO_MANY_TRIES =
      Pattern.compile(
          "^error: maximum authentication attempts exceeded for (?:invalid user )?(.*) from (\\S+)"
              + " port (\\d+)(?: ssh\\d?)?(?: \\[preauth\\])?$",
          Pattern.DOTALL);

  private SshdLines() {}

  static AuthLineResult parse(SyslogLine line, LogContext context) {
    String message = line.message();
    Matcher m = VERDICT.matcher(message);
    if (m.matches()) {
      AuthOutcome outcome = m.group(1).equals("Failed") ? AuthOutcome.FAILURE : AuthOutcome.SUCCESS;
      return evidence(line, context, m.group(5), m.group(4), outcome, AuthEvidence.Kind.TRY);
    }
    if (message.startsWith("Failed ") || message.startsWith("Accepted ")) {
      return malformed(message, "sshd verdict without 'for USER from ADDR port N' at its end");
    }
    m = INVALID_USER.matcher(message);
    if (m.matches()) {
      return evidence(
          line, context, m.group(2), m.group(1), AuthOutcome.FAILURE, AuthEvidence.Kind.PRECURSOR);
    }
    // "Connection closed by / Disconnected from authenticating user" and "maximum authentication
    // attempts exceeded" end a connection; they are not tries. Every password tried on it has its
    // own "Failed password" line, and a connection closed with none tried (hydra's first probe
    // does that) is not a failed authentication. Their address is still checked.
    m = CLOSED_DURING_AUTH.matcher(message);
    if (!m.matches()) {
      m = TOO_MANY_TRIES.matcher(message);
    }
    if (m.matches()) {
      ClientAddress.parse(m.group(2), "sshd client");
      return AuthLineResult.IRRELEVANT;
    }
    if (message.startsWith("Invalid user ")
        || message.startsWith("error: maximum authentication attempts")) {
      return malformed(message, "sshd auth line without 'from ADDR' at its end");
    }
    return AuthLineResult.IRRELEVANT;
  }

  private static AuthLineResult evidence(
      SyslogLine line,
      LogContext context,
      String address,
      String user,
      AuthOutcome outcome,
      AuthEvidence.Kind kind) {
    AuthAttempt attempt =
        AuthAttempt.of(
            line.micros(),
            ClientAddress.parse(address, "sshd client"),
            null,
            0,
            "ssh",
            user,
            outcome,
            Origin.line(context.file(), context.lineNumber()));
    return AuthLineResult.of(new AuthEvidence(attempt, kind, line.session()));
  }

  private static AuthLineResult malformed(String message, String reason) {
    return new AuthLineResult.Malformed(reason + ": '" + Snippets.shorten(message) + "'");
  }
}
