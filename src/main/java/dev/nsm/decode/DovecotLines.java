package dev.nsm.decode;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dovecot's login processes ({@code pop3-login}, {@code imap-login}, ...): {@code Login: user=<x>,
 * ... rip=ADDR} for a success, and {@code Disconnected: ... (auth failed, N attempts in S secs):
 * user=<x>, ... rip=ADDR} when a connection with failed tries ends, which becomes N failures.
 *
 * <p>The auth worker's per-try {@code pam(user,ip,<session>): pam_authenticate() failed} lines are
 * not counted: they repeat what the login process summarises, and do not say which protocol. User
 * names are in {@code <...>} before the fixed {@code rip=}; the address is the {@code rip=} field
 * followed by {@code lip=}, searched from the end.
 */
final class DovecotLines {

  private static final Pattern LOGIN_PROCESS =
      Pattern.compile("^(pop3|imap|submission|managesieve|lmtp)-login: (.*)$", Pattern.DOTALL);
  private static final Pattern FAILED_TRIES =
      Pattern.compile("\\(auth failed, (\\d+) attempts?(?: in \\d+ secs?)?\\)");
  private static final Pattern USER = Pattern.compile("^(?:.*?): user=<(.*)>, ", Pattern.DOTALL);
  private static final Pattern RIP = Pattern.compile(", rip=([0-9A-Fa-f:.]+), lip=");
  private static final int MAX_ATTEMPTS_PER_LINE = 1000;

  private DovecotLines() {}

  static AuthLineResult parse(SyslogLine line, LogContext context) {
    Matcher login = LOGIN_PROCESS.matcher(line.message());
    if (!login.matches()) {
      return AuthLineResult.IRRELEVANT;
    }
    String service = login.group(1);
    String text = login.group(2);
    int count;
    AuthOutcome outcome;
    if (text.startsWith("Login: ")) {
      count = 1;
      outcome = AuthOutcome.SUCCESS;
    } else {
      Matcher failed = FAILED_TRIES.matcher(text);
      if (!failed.find()) {
        return AuthLineResult.IRRELEVANT;
      }
      count = Integer.parseInt(failed.group(1));
      outcome = AuthOutcome.FAILURE;
      if (count < 1 || count > MAX_ATTEMPTS_PER_LINE) {
        return new AuthLineResult.Malformed("dovecot attempt count out of range: " + count);
      }
    }
    String address = lastRip(text);
    if (address == null) {
      return new AuthLineResult.Malformed(
          "dovecot login line without 'rip=ADDR, lip=': '" + Snippets.shorten(text) + "'");
    }
    Matcher user = USER.matcher(text);
    String name = user.find() ? user.group(1) : null;
    String client = ClientAddress.parse(address, "dovecot rip");
    List<AuthEvidence> evidence = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      AuthAttempt attempt =
          AuthAttempt.of(
              line.micros(),
              client,
              null,
              0,
              service,
              name == null || name.isEmpty() ? null : name,
              outcome,
              Origin.line(context.file(), context.lineNumber()));
      evidence.add(new AuthEvidence(attempt, AuthEvidence.Kind.TRY, line.session()));
    }
    return new AuthLineResult.Attempts(evidence);
  }

  private static String lastRip(String text) {
    Matcher m = RIP.matcher(text);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last;
  }
}
