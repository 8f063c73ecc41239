package dev.nsm.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthLogParserTest {

  private static final LogContext CONTEXT = new LogContext("auth.log", 7, 2026, null, null);
  private static final String SYSLOG = "Nov 25 08:49:29 srv01 sshd[15112]: ";
  private static final long AT_08_49_29 = Instant.parse("2026-11-25T08:49:29Z").toEpochMilli();

  private final AuthLogParser parser = new AuthLogParser();

  @Test
  void failedPasswordIsAnSshFailureWithUserAddressAndLineOrigin() {
    AuthEvidence e = only(SYSLOG + "Failed password for alice from 198.51.100.23 port 38618 ssh2");
    AuthAttempt a = e.attempt();
    assertEquals(AuthEvidence.Kind.TRY, e.kind());
    assertEquals("ssh", a.service());
    assertEquals("alice", a.user());
    assertEquals("198.51.100.23", a.srcIp());
    assertEquals(AuthOutcome.FAILURE, a.outcome());
    assertEquals(AT_08_49_29, a.timestamp());
    assertEquals("auth.log line 7", a.origin().toString());
    assertEquals("srv01/sshd[15112]", e.session());
  }

  @Test
  void failedPasswordForInvalidUserKeepsTheNameWithoutThePrefix() {
    AuthAttempt a =
        only(SYSLOG + "Failed password for invalid user admin from 2001:db8::7 port 2 ssh2")
            .attempt();
    assertEquals("admin", a.user());
    assertEquals("2001:db8::7", a.srcIp());
  }

  @ParameterizedTest
  @ValueSource(strings = {"password", "publickey", "keyboard-interactive/pam"})
  void acceptedLoginsAreSuccesses(String method) {
    AuthAttempt a =
        only(SYSLOG + "Accepted " + method + " for alice from 192.0.2.52 port 4 ssh2").attempt();
    assertEquals(AuthOutcome.SUCCESS, a.outcome());
  }

  @Test
  void acceptedPublickeyWithFingerprintSuffixIsRead() {
    AuthAttempt a =
        only(SYSLOG
                + "Accepted publickey for bob from 192.0.2.9 port 4 ssh2: ED25519 SHA256:abc+/x")
            .attempt();
    assertEquals("192.0.2.9", a.srcIp());
  }

  @Test
  void userNameCarryingAFakeTailCannotMoveTheAttemptToAnotherAddress() {
    AuthAttempt a =
        only(SYSLOG
                + "Failed password for invalid user evil from 6.6.6.6 port 1 ssh2"
                + " from 198.51.100.23 port 38618 ssh2")
            .attempt();
    assertEquals("198.51.100.23", a.srcIp());
    assertEquals("evil from 6.6.6.6 port 1 ssh2", a.user());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\r", "\n", "\u001b[2J", "\r\n"})
  void controlCharactersInTheUserNameDoNotInjectAnAddress(String control) {
    AuthAttempt a =
        only(SYSLOG
                + "Failed password for x"
                + control
                + " from 6.6.6.6 port 1 ssh2 from 198.51.100.23 port 5 ssh2")
            .attempt();
    assertEquals("198.51.100.23", a.srcIp());
  }

  @Test
  void pamUserNameCarryingAFakeRhostIsIgnored() {
    AuthAttempt a =
        only("Nov 25 08:49:27 srv01 sshd[1]: pam_unix(sshd:auth): authentication failure; logname="
                + " uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.23  user=x rhost=6.6.6.6")
            .attempt();
    assertEquals("198.51.100.23", a.srcIp());
    assertEquals("x rhost=6.6.6.6", a.user());
  }

  @Test
  void vsftpdPamLineWhereRuserAndUserAreBothForgedStillFindsTheDaemonsRhost() {
    String name = "a rhost=6.6.6.6  user=b";
    AuthAttempt a =
        only("Nov 25 08:49:27 srv01 vsftpd[1]: pam_unix(vsftpd:auth): authentication failure;"
                + " logname= uid=0 euid=0 tty=ftp ruser="
                + name
                + " rhost=198.51.100.23  user="
                + name)
            .attempt();
    assertEquals("198.51.100.23", a.srcIp());
    assertEquals("ftp", a.service());
  }

  @Test
  void pamFailureIsAPrecursorWaitingForTheDaemonsVerdict() {
    AuthEvidence e =
        only(
            "Nov 25 08:49:27 srv01 sshd[15112]: pam_unix(sshd:auth): authentication failure;"
                + " logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.23  user=alice");
    assertEquals(AuthEvidence.Kind.PRECURSOR, e.kind());
    assertEquals("alice", e.attempt().user());
  }

  @Test
  void invalidUserIsAPrecursor() {
    AuthEvidence e = only(SYSLOG + "Invalid user oracle from 203.0.113.9 port 4242");
    assertEquals(AuthEvidence.Kind.PRECURSOR, e.kind());
    assertEquals("oracle", e.attempt().user());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Connection closed by authenticating user alice 198.51.100.23 port 38632 [preauth]",
        "Disconnected from authenticating user alice 198.51.100.23 port 38616 [preauth]",
        "error: maximum authentication attempts exceeded for root from 198.51.100.23 port 1 ssh2"
            + " [preauth]",
        "Received disconnect from 198.51.100.23 port 38616:11: Bye Bye [preauth]",
        "pam_systemd(sshd:session): Failed to connect to system bus: No such file or directory",
        "PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4"
      })
  void connectionEndingAndSessionLinesAreNotTries(String message) {
    assertInstanceOf(AuthLineResult.Irrelevant.class, parser.parse(SYSLOG + message, CONTEXT));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Failed password for alice from host.example.org port 1 ssh2",
        "Failed password for alice",
        "Invalid user bob from not-an-address"
      })
  void authLinesWithoutAnIpLiteralAreMalformedNeverResolved(String message) {
    AuthLineResult.Malformed m =
        assertInstanceOf(AuthLineResult.Malformed.class, parser.parse(SYSLOG + message, CONTEXT));
    assertTrue(m.reason().length() < 200, m.reason());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Nov 25 08:49:29 srv01 CRON[99]: pam_unix(cron:session): session opened for user root",
        "Nov 25 08:49:29 srv01 kernel: [ 1.0] Failed password for x from 1.2.3.4 port 1 ssh2",
        "",
        "random text",
        "{\"MESSAGE\": 1}"
      })
  void otherLinesAreIrrelevant(String line) {
    assertInstanceOf(AuthLineResult.Irrelevant.class, parser.parse(line, CONTEXT));
  }

  @Test
  void loginFailedLoginIsATelnetFailure() {
    AuthAttempt a =
        only("Nov 25 09:40:09 srv01 login[25598]: FAILED LOGIN (1) on '/dev/pts/1' from"
                + " '198.51.100.23' FOR 'dave', Authentication failure")
            .attempt();
    assertEquals("telnet", a.service());
    assertEquals("dave", a.user());
    assertEquals("198.51.100.23", a.srcIp());
  }

  @Test
  void postfixSaslFailureIsAnSmtpFailure() {
    AuthAttempt a =
        only("Nov 25 09:00:00 mx postfix/smtpd[77]: warning: unknown[203.0.113.5]: SASL LOGIN"
                + " authentication failed: UGFzc3dvcmQ6")
            .attempt();
    assertEquals("smtp", a.service());
    assertEquals("203.0.113.5", a.srcIp());
  }

  @Test
  void iso8601SyslogTimestampWithOffsetIsExact() {
    AuthAttempt a =
        only("2026-11-25T08:49:29.123456+01:00 srv01 sshd[1]: Failed password for a from 192.0.2.1"
                + " port 1 ssh2")
            .attempt();
    assertEquals(
        Instant.parse("2026-11-25T07:49:29.123456Z").getEpochSecond() * 1_000_000 + 123456,
        a.micros());
  }

  @Test
  void journalctlShortIsoTimestampWithCompactOffsetIsRead() {
    AuthAttempt a =
        only("2026-11-25T08:49:29+0000 srv01 sshd[1]: Failed password for a from 192.0.2.1 port 1"
                + " ssh2")
            .attempt();
    assertEquals(AT_08_49_29, a.timestamp());
  }

  @Test
  void rfc5424LineIsRead() {
    AuthAttempt a =
        only("<38>1 2026-11-25T08:49:29Z srv01 sshd 1 - - Failed password for a from 192.0.2.1 port"
                + " 1 ssh2")
            .attempt();
    assertEquals(AT_08_49_29, a.timestamp());
  }

  @Test
  void journalJsonEntryUsesRealtimeMicrosAndSyslogIdentifier() {
    AuthEvidence e =
        only(
            "{\"__REALTIME_TIMESTAMP\":\"1795596569000042\",\"SYSLOG_IDENTIFIER\":\"sshd\","
                + "\"_PID\":\"9\",\"_HOSTNAME\":\"h\",\"MESSAGE\":\"Failed password for a from"
                + " 192.0.2.1 port 1 ssh2\"}");
    assertEquals(1795596569000042L, e.attempt().micros());
    assertEquals("h/sshd[9]", e.session());
  }

  @Test
  void journalJsonFallsBackToComm() {
    AuthEvidence e =
        only(
            "{\"__REALTIME_TIMESTAMP\":\"1000000\",\"_COMM\":\"sshd\",\"MESSAGE\":"
                + "\"Accepted password for a from 192.0.2.1 port 1 ssh2\"}");
    assertEquals(AuthOutcome.SUCCESS, e.attempt().outcome());
  }

  @Test
  void brokenJsonLineIsMalformed() {
    assertInstanceOf(AuthLineResult.Malformed.class, parser.parse("{\"MESSAGE\": ", CONTEXT));
  }

  @Test
  void classicTimestampWithoutYearOrModificationTimeIsMalformed() {
    LogContext noYear = new LogContext("-", 1, null, null, null);
    assertInstanceOf(
        AuthLineResult.Malformed.class,
        parser.parse(SYSLOG + "Failed password for a from 192.0.2.1 port 1 ssh2", noYear));
  }

  @Test
  void classicTimestampMoreThanADayAfterModificationBelongsToThePreviousYear() {
    LogContext modified =
        new LogContext("auth.log", 1, null, null, Instant.parse("2027-01-01T00:00:00Z"));
    AuthAttempt a =
        parser.parse(
                    "Dec 31 23:00:00 h sshd[1]: Failed password for a from 192.0.2.1 port 1 ssh2",
                    modified)
                instanceof AuthLineResult.Attempts found
            ? found.evidence().get(0).attempt()
            : null;
    assertEquals(Instant.parse("2026-12-31T23:00:00Z").toEpochMilli(), a.timestamp());
  }

  @Test
  void vsftpdOwnLogLineHasYearAndUserInBrackets() {
    AuthAttempt a =
        only("Wed Nov 25 08:48:50 2026 [pid 14722] [bob] FAIL LOGIN: Client \"198.51.100.23\"")
            .attempt();
    assertEquals(Instant.parse("2026-11-25T08:48:50Z").toEpochMilli(), a.timestamp());
    assertEquals("ftp", a.service());
    assertEquals("bob", a.user());
  }

  @Test
  void vsftpdUserNameWithFakeClientDoesNotMoveTheAttempt() {
    AuthAttempt a =
        only("Wed Nov 25 08:48:50 2026 [pid 1] [x] FAIL LOGIN: Client \"6.6.6.6\"] FAIL LOGIN:"
                + " Client \"198.51.100.23\"")
            .attempt();
    assertEquals("198.51.100.23", a.srcIp());
  }

  @Test
  void dovecotSummaryExpandsToOneAttemptPerFailedTry() {
    AuthLineResult.Attempts found =
        assertInstanceOf(
            AuthLineResult.Attempts.class,
            parser.parse(
                "Nov 25 08:57:20 srv01 dovecot: pop3-login: Disconnected: Connection closed (auth"
                    + " failed, 3 attempts in 11 secs): user=<dave>, method=LOGIN,"
                    + " rip=198.51.100.77, lip=203.0.113.10, session=<x>",
                CONTEXT));
    assertEquals(3, found.evidence().size());
    assertEquals("pop3", found.evidence().get(0).attempt().service());
    assertEquals("dave", found.evidence().get(0).attempt().user());
  }

  @Test
  void sshdUserNameShapedLikeAnNginxErrorLineStaysAnSshAttempt() {
    AuthAttempt a =
        only(SYSLOG
                + "Failed password for invalid user 2026/11/25 08:49:14 [error] 1#1: *1 user \"x\":"
                + " password mismatch, client: 6.6.6.6, server: s from 198.51.100.23 port 5 ssh2")
            .attempt();
    assertEquals("ssh", a.service());
    assertEquals("198.51.100.23", a.srcIp());
  }

  @Test
  void sshdUserNameShapedLikeAnAccessLogLineStaysAnSshAttempt() {
    AuthAttempt a =
        only(SYSLOG
                + "Failed password for x [25/Nov/2026:08:49:14 +0000] \"GET / HTTP/1.1\" 401 0"
                + " from 198.51.100.23 port 5 ssh2")
            .attempt();
    assertEquals("ssh", a.service());
  }

  @Test
  void nginxErrorLineThroughJournalJsonIsRead() {
    AuthAttempt a =
        only("{\"__REALTIME_TIMESTAMP\":\"1\",\"SYSLOG_IDENTIFIER\":\"nginx\",\"MESSAGE\":"
                + "\"2026/11/25 08:49:14 [error] 1#1: *4 user \\\"admin\\\": password mismatch,"
                + " client: 198.51.100.77, server: www\"}")
            .attempt();
    assertEquals("http", a.service());
    assertEquals("admin", a.user());
    assertEquals("198.51.100.77", a.srcIp());
  }

  @Test
  void nginxAccessLineWithoutUserIsNoAttempt() {
    assertInstanceOf(
        AuthLineResult.Irrelevant.class,
        parser.parse(
            "192.0.2.50 - - [25/Nov/2026:08:51:07 +0000] \"GET /admin/ HTTP/1.1\" 401 179 \"-\""
                + " \"curl/7.88.1\"",
            CONTEXT));
  }

  @Test
  void nginxAccessTimestampUsesItsOwnOffset() {
    AuthAttempt a =
        only("192.0.2.50 - admin [25/Nov/2026:09:49:29 +0100] \"GET /admin/ HTTP/1.1\" 401 179"
                + " \"-\" \"curl\"")
            .attempt();
    assertEquals(AT_08_49_29, a.timestamp());
    assertEquals(AuthOutcome.FAILURE, a.outcome());
  }

  private static final String APACHE =
      "[Wed Nov 25 08:49:29.765432 2026] [auth_basic:error] [pid 1234:tid 5678] ";

  @Test
  void apachePasswordMismatchIsAnHttpFailureCopyWithUserAddressAndMicroseconds() {
    AuthEvidence e =
        only(
            APACHE
                + "[client 198.51.100.77:51234] AH01617: user admin: authentication failure for"
                + " \"/admin/\": Password Mismatch, referer: http://www.example.com/");
    AuthAttempt a = e.attempt();
    assertEquals(AuthEvidence.Kind.ERROR_LOG_COPY, e.kind());
    assertEquals("http", a.service());
    assertEquals("admin", a.user());
    assertEquals("198.51.100.77", a.srcIp());
    assertEquals(AuthOutcome.FAILURE, a.outcome());
    assertEquals(AT_08_49_29 * 1000 + 765_432, a.micros());
    assertEquals("auth.log line 7", a.origin().toString());
  }

  @Test
  void apacheUnknownUserIsAFailureAndItsTimeIsReadInTheContextZone() {
    LogContext berlin =
        new LogContext("error.log", 1, null, java.time.ZoneId.of("Europe/Berlin"), null);
    AuthLineResult result =
        parser.parse(
            "[Wed Nov 25 09:49:29.000001 2026] [auth_basic:error] [pid 1:tid 2]"
                + " [client 198.51.100.77:4] AH01618: user bob not found: /admin/",
            berlin);
    AuthAttempt a =
        assertInstanceOf(AuthLineResult.Attempts.class, result).evidence().get(0).attempt();
    assertEquals("bob", a.user());
    assertEquals(AT_08_49_29 * 1000 + 1, a.micros());
  }

  @ParameterizedTest
  @ValueSource(strings = {"[2001:db8::1]:51234", "2001:db8::1:51234"})
  void apacheIpv6ClientIsReadWithOrWithoutBrackets(String client) {
    AuthAttempt a =
        only(APACHE + "[client " + client + "] AH01618: user bob not found: /admin/").attempt();
    assertEquals("2001:db8::1", a.srcIp());
  }

  @Test
  void apacheUserNameHoldingAFakeClientFieldCannotMoveTheAttempt() {
    AuthAttempt a =
        only(APACHE
                + "[client 198.51.100.77:51234] AH01617: user x] [client 6.6.6.6:1] \"a\":"
                + " authentication failure for \"/\": Password Mismatch")
            .attempt();
    assertEquals("198.51.100.77", a.srcIp());
    assertEquals("x] [client 6.6.6.6:1] \"a\"", a.user());
  }

  @Test
  void apacheFakeClientFieldWithoutARealOneIsNoAttempt() {
    // The code must follow the fixed [client] field; here the field holds free text.
    assertInstanceOf(
        AuthLineResult.Irrelevant.class,
        parser.parse(
            APACHE + "AH01618: user [client 6.6.6.6:1] AH01618: user x not found: /", CONTEXT));
  }

  @Test
  void apacheStartupLineIsIrrelevant() {
    assertInstanceOf(
        AuthLineResult.Irrelevant.class,
        parser.parse(
            "[Wed Nov 25 08:40:01.000123 2026] [core:notice] [pid 1234:tid 5678] AH00094: Command"
                + " line: '/usr/sbin/apache2'",
            CONTEXT));
    assertInstanceOf(
        AuthLineResult.Irrelevant.class,
        parser.parse(
            "AH00558: apache2: Could not reliably determine the server's fully qualified domain"
                + " name, using 127.0.1.1. Set the 'ServerName' directive globally",
            CONTEXT));
  }

  @Test
  void apacheClientThatIsNoIpLiteralIsMalformed() {
    assertInstanceOf(
        AuthLineResult.Malformed.class,
        parser.parse(
            APACHE + "[client evil.example:1] AH01618: user bob not found: /admin/", CONTEXT));
  }

  @Test
  void apacheAccessLogIsReadLikeNginxAndIsAWebAccessLog() {
    String line =
        "198.51.100.77 - admin [25/Nov/2026:08:49:29 +0000] \"GET /admin/ HTTP/1.1\" 401 381"
            + " \"-\" \"Mozilla/5.0\"";
    AuthEvidence e = only(line);
    assertEquals(AuthEvidence.Kind.TRY, e.kind());
    assertEquals("admin", e.attempt().user());
    assertEquals(AT_08_49_29, e.attempt().timestamp());
    assertTrue(parser.isWebAccessLogLine(line));
  }

  @Test
  void nginxAccessLineWithAnOffsetOfEightyMinutesIsMalformedNotAnException() {
    // Found by the fuzzer: ZoneOffset.of threw, and the exception ended the whole log's read.
    AuthLineResult result =
        parser.parse(
            "198.51.100.77 - admin [25/Nov/2026:08:49:14 +0080] \"GET /admin/ HTTP/1.1\" 401 179"
                + " \"-\" \"Mozilla/4.0 (Hydra)\"",
            CONTEXT);
    assertEquals(
        new AuthLineResult.Malformed("nginx access log time has no such offset '+0080'"), result);
  }

  @Test
  void userNameLongerThanTheBoundIsCutSoAFactNeverHoldsAMegabyte() {
    String user = "x".repeat(300_000) + "\ud83d\ude00";
    AuthAttempt a =
        only("Nov 25 08:49:29 srv01 sshd[1]: Failed password for "
                + user
                + " from 192.0.2.1 port 1")
            .attempt();
    assertEquals("x".repeat(AuthLogParser.MAX_USER_CHARS), a.user());

    String emoji = "x".repeat(AuthLogParser.MAX_USER_CHARS - 1) + "\ud83d\ude00";
    AuthAttempt cutInPair =
        only("Nov 25 08:49:29 srv01 sshd[1]: Failed password for "
                + emoji
                + " from 192.0.2.1 port 1")
            .attempt();
    assertEquals(
        "x".repeat(AuthLogParser.MAX_USER_CHARS - 1), cutInPair.user(), "no half surrogate pair");
  }

  private AuthEvidence only(String line) {
    AuthLineResult result = parser.parse(line, CONTEXT);
    AuthLineResult.Attempts found = assertInstanceOf(AuthLineResult.Attempts.class, result, line);
    assertEquals(1, found.evidence().size());
    return found.evidence().get(0);
  }
}
