package dev.nsm.decode;

import dev.nsm.event.AuthAttempt;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * Reads one auth log line of any supported daemon: sshd, login(1) (telnet), vsftpd, PAM, dovecot,
 * postfix SASL, courier, nginx and Apache httpd. Stateless: one line in, one {@link AuthLineResult}
 * out. That one try is often logged on several lines is {@link DuplicateTryMerger}'s business.
 */
public final class AuthLogParser {

  /**
   * The longest user name an attempt carries, as the cleartext decoders' default; a longer one is
   * cut to it. A user name is the client's choice and a log line may be a megabyte long: uncut,
   * every fact held in a rule's window would keep its megabyte, and so would every alert quoting
   * it.
   */
  public static final int MAX_USER_CHARS = CleartextLimits.DEFAULTS.maxUserChars();

  /** Reads {@code line}; never throws for any input text. */
  public AuthLineResult parse(String line, LogContext context) {
    try {
      return withShortUsers(parseOrThrow(line, context));
    } catch (MalformedAuthLineException e) {
      return new AuthLineResult.Malformed(e.getMessage());
    } catch (ArithmeticException | NumberFormatException e) {
      return new AuthLineResult.Malformed("number out of range in an auth line");
    } catch (DateTimeException e) {
      // Every parser checks its own dates; this keeps a slip from ending the whole log's read.
      return new AuthLineResult.Malformed("date or time out of range in an auth line");
    }
  }

  /**
   * True for a line of a web server's access log (nginx's or Apache's, same format). A reader given
   * both the access and the error log of a server uses this to drop the error log's copies ({@link
   * AuthEvidence.Kind#ERROR_LOG_COPY}).
   */
  public boolean isWebAccessLogLine(String line) {
    return NginxLines.isAccessLogLine(line);
  }

  private static AuthLineResult withShortUsers(AuthLineResult result) {
    if (!(result instanceof AuthLineResult.Attempts found)
        || found.evidence().stream().allMatch(e -> fits(e.attempt().user()))) {
      return result;
    }
    List<AuthEvidence> cut = new ArrayList<>();
    for (AuthEvidence e : found.evidence()) {
      AuthAttempt a = e.attempt();
      cut.add(
          fits(a.user())
              ? e
              : new AuthEvidence(
                  new AuthAttempt(
                      a.timestamp(),
                      a.micros(),
                      a.source(),
                      a.srcIp(),
                      a.dstIp(),
                      a.dstPort(),
                      a.service(),
                      Credentials.cut(a.user(), MAX_USER_CHARS),
                      a.outcome(),
                      a.origin()),
                  e.kind(),
                  e.session()));
    }
    return new AuthLineResult.Attempts(cut);
  }

  private static boolean fits(String user) {
    return user == null || user.length() <= MAX_USER_CHARS;
  }

  private AuthLineResult parseOrThrow(String line, LogContext context) {
    if (line.startsWith("{")) {
      SyslogLine journal = JournalJsonLine.parse(line);
      return journal == null ? AuthLineResult.IRRELEVANT : bySyslogProgram(journal, context);
    }
    Matcher vsftpd = VsftpdLines.OWN_FORMAT.matcher(line);
    if (vsftpd.matches()) {
      return VsftpdLines.parseOwnFormat(vsftpd, context);
    }
    AuthLineResult apache = ApacheLines.parse(line, context);
    if (apache != null) {
      return apache;
    }
    AuthLineResult nginx = NginxLines.parse(line, context);
    if (nginx != null) {
      return nginx;
    }
    SyslogLine syslog = SyslogLine.parse(line, context);
    if (syslog != null) {
      return bySyslogProgram(syslog, context);
    }
    // journald copies whose own timestamp was cut off ("host nginx[1]: 2023/12/09 ..."): usable
    // only for nginx, whose message carries its own time.
    SyslogLine untimed = SyslogLine.withTag(line, 0);
    return untimed != null && untimed.program().equals("nginx")
        ? NginxLines.parseSyslogMessage(untimed.message(), context)
        : AuthLineResult.IRRELEVANT;
  }

  private static AuthLineResult bySyslogProgram(SyslogLine line, LogContext context) {
    String program = line.program().toLowerCase(Locale.ROOT);
    return switch (program) {
      case "sshd", "sshd-session" ->
          PamLines.mayMatch(line.message())
              ? PamLines.parse(line, context)
              : SshdLines.parse(line, context);
      case "login" ->
          PamLines.mayMatch(line.message())
              ? PamLines.parse(line, context)
              : LoginLines.parse(line, context);
      case "vsftpd", "vsftpd(pam_unix)" -> VsftpdLines.parse(line, context);
      case "dovecot" -> DovecotLines.parse(line, context);
      case "nginx" -> NginxLines.parseSyslogMessage(line.message(), context);
      case "postfix/smtpd", "postfix/submission/smtpd", "postfix/smtps/smtpd" ->
          PostfixLines.parse(line, context);
      case "imapd", "imapd-ssl", "pop3d", "pop3d-ssl", "courierpop3login", "courier-imapd" ->
          CourierLines.parse(line, context);
      default ->
          line.message().startsWith("pam_unix(") && PamLines.mayMatch(line.message())
              ? PamLines.parse(line, context)
              : AuthLineResult.IRRELEVANT;
    };
  }
}
