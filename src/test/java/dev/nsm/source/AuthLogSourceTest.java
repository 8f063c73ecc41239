package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.AuthAttempt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's auth logs give the MANIFEST's figures; reading mechanics (year, gz, stdin, limits). */
class AuthLogSourceTest {

  @TempDir Path temp;

  @Test
  void sshBruteForceCountsEachFailedPasswordOnceDespitePamLines() throws Exception {
    Read read = read("ssh_bruteforce.auth.log");
    assertEquals(Map.of("ssh failure alice 198.51.100.23", 16), read.tally());
    assertTrue(read.source.counts().duplicatesMerged() >= 4, "pam lines merged");
    assertEquals(List.of(), read.sink.problems);
  }

  @Test
  void mixedLogHasRootSshFailuresFtpPamFailuresAndOneBenignLogin() throws Exception {
    Read read = read("mixed_4min.auth.log");
    assertEquals(
        Map.of(
            "ssh failure root 198.51.100.23", 10,
            "ssh success alice 192.0.2.52", 1,
            "ftp failure alice 198.51.100.77", 6,
            "ftp failure dave 198.51.100.77", 6),
        read.tally());
  }

  @Test
  void vsftpdOwnLogGivesNineteenFailuresAndTheCrackingLogin() throws Exception {
    Read read = read("ftp_bruteforce.vsftpd.log");
    assertEquals(
        Map.of("ftp failure bob 198.51.100.23", 19, "ftp success bob 198.51.100.23", 1),
        read.tally());
    AuthAttempt first = (AuthAttempt) read.sink.facts.get(0);
    assertEquals(Instant.parse("2026-11-25T08:48:50Z").toEpochMilli(), first.timestamp());
  }

  @Test
  void vsftpdPamLinesInAuthLogCountAsFailuresWhenNoVerdictFollows() throws Exception {
    assertEquals(
        Map.of("ftp failure bob 198.51.100.23", 19), read("ftp_bruteforce.auth.log").tally());
  }

  @Test
  void dovecotSummariesExpandToEachFailedTryPerProtocol() throws Exception {
    assertEquals(
        Map.of(
            "pop3 failure dave 198.51.100.77", 6,
            "imap failure carol 198.51.100.23", 6,
            "pop3 success alice 192.0.2.50", 1,
            "imap success alice 192.0.2.50", 1),
        read("mail_bruteforce.mail.log").tally());
  }

  @Test
  void dovecotPamLinesInAuthLogAreMailFailures() throws Exception {
    assertEquals(
        Map.of("mail failure dave 198.51.100.77", 6, "mail failure carol 198.51.100.23", 6),
        read("mail_bruteforce.auth.log").tally());
  }

  @Test
  void telnetFailedLoginsCountOnceWithTheirPamLinesAndTheBenignLoginIsNoAttempt() throws Exception {
    Read read = read("telnet_bruteforce_nano.auth.log");
    assertEquals(
        Map.of("telnet failure dave 198.51.100.23", 2, "telnet failure UNKNOWN 198.51.100.23", 3),
        read.tally());
    assertEquals(4, read.source.counts().duplicatesMerged());
    assertEquals(Map.of(), read("telnet_bruteforce_nano.telnetd_syslog.log").tally());
  }

  @Test
  void nginxAccessAndErrorLogEachGiveTwentyFiveFailures() throws Exception {
    Map<String, Integer> expected = Map.of("http failure admin 198.51.100.77", 25);
    assertEquals(expected, read("http_basic_bruteforce.nginx_access.log").tally());
    assertEquals(expected, read("http_basic_bruteforce.nginx_error.log").tally());
  }

  @Test
  void givenBothNginxLogsEachFailedTryCountsOnceFromTheAccessLog() throws Exception {
    Read read =
        read(
            new AuthLogSource(
                List.of(
                    fixture("http_basic_bruteforce.nginx_error.log"),
                    fixture("http_basic_bruteforce.nginx_access.log")),
                2026,
                null));
    assertEquals(Map.of("http failure admin 198.51.100.77", 25), read.tally());
    assertEquals(25, read.source.counts().duplicatesMerged());
    assertTrue(
        read.sink.facts.stream()
            .allMatch(f -> ((AuthAttempt) f).origin().name().endsWith("nginx_access.log")));
  }

  @Test
  void givenBothApacheLogsEachFailedTryCountsOnceFromTheAccessLog() throws Exception {
    Path error =
        write(
            "apache_error.log",
            "[Wed Nov 25 08:54:40.100000 2026] [core:notice] [pid 9:tid 9] AH00094: Command line:"
                + " '/usr/sbin/apache2'\n"
                + "[Wed Nov 25 08:54:48.765432 2026] [auth_basic:error] [pid 1234:tid 5678]"
                + " [client 198.51.100.77:51234] AH01617: user admin: authentication failure for"
                + " \"/admin/\": Password Mismatch\n"
                + "[Wed Nov 25 08:54:49.000001 2026] [auth_basic:error] [pid 1234:tid 5679]"
                + " [client 198.51.100.77:51236] AH01618: user bob not found: /admin/\n");
    Path access =
        write(
            "apache_access.log",
            "198.51.100.77 - admin [25/Nov/2026:08:54:48 +0000] \"GET /admin/ HTTP/1.1\" 401 381"
                + " \"-\" \"curl/8.5.0\"\n"
                + "198.51.100.77 - bob [25/Nov/2026:08:54:49 +0000] \"GET /admin/ HTTP/1.1\""
                + " 401 381 \"-\" \"curl/8.5.0\"\n");
    Map<String, Integer> expected =
        Map.of("http failure admin 198.51.100.77", 1, "http failure bob 198.51.100.77", 1);
    assertEquals(expected, read(new AuthLogSource(List.of(error), 2026, null)).tally());

    Read both = read(new AuthLogSource(List.of(error, access), 2026, null));
    assertEquals(expected, both.tally());
    assertEquals(2, both.source.counts().duplicatesMerged());
    assertTrue(
        both.sink.facts.stream()
            .allMatch(f -> ((AuthAttempt) f).origin().name().endsWith("apache_access.log")));
  }

  @Test
  void firstFiveUnrecognisedLinesAreKeptWithTheirNumbersAndCutShort() throws Exception {
    String longLine = "Nov 25 08:49:30 h kernel: " + "y".repeat(300);
    Path log =
        write(
            "mixed.log",
            "Nov 25 08:49:29 h sshd[1]: Failed password for a from 192.0.2.1 port 1 ssh2\n"
                + "Nov 25 08:49:30 h CRON[2]: (root) CMD (true)\n"
                + longLine
                + "\nthree\nfour\nfive\nsix\n");
    AuthLogSource source = read(new AuthLogSource(List.of(log), 2026, null)).source;
    List<String> samples = source.samplesOfUnrecognised();
    assertEquals(5, samples.size(), samples::toString);
    assertEquals("2: Nov 25 08:49:30 h CRON[2]: (root) CMD (true)", samples.get(0));
    assertEquals("3: " + longLine.substring(0, 200) + "...", samples.get(1));
    assertEquals("6: five", samples.get(4));
    assertEquals(6, source.counts().irrelevantLines());
  }

  @Test
  void benignLogsHoldOnlySingleTyposAndSuccesses() throws Exception {
    assertEquals(
        Map.of(
            "ssh failure alice 192.0.2.52", 1,
            "ssh success alice 192.0.2.52", 1,
            "ftp failure bob 192.0.2.51", 1),
        read("benign.auth.log").tally());
    assertEquals(
        Map.of(
            "ftp failure bob 192.0.2.51", 1,
            "ftp success bob 192.0.2.51", 1,
            "ftp success alice 192.0.2.51", 1),
        read("benign.vsftpd.log").tally());
    assertEquals(
        Map.of("http failure admin 192.0.2.50", 1, "http success admin 192.0.2.50", 1),
        read("benign.nginx_access.log").tally());
    assertEquals(
        Map.of("http failure admin 192.0.2.50", 1), read("benign.nginx_error.log").tally());
  }

  @Test
  void countersAddUpToTheLinesRead() throws Exception {
    Read read = read("ssh_bruteforce.auth.log");
    AuthLogSource.Counts c = read.source.counts();
    assertEquals(34, c.linesRead());
    assertEquals(16, c.authAttempts());
    assertEquals(0, c.malformedLines());
    // Each auth line either became an attempt or was merged into one.
    assertEquals(c.linesRead(), c.irrelevantLines() + c.authAttempts() + c.duplicatesMerged());
  }

  @Test
  void yearComesFromModificationTimeAcrossNewYear() throws Exception {
    Path log =
        write(
            "rollover.log",
            "Dec 31 23:59:58 h sshd[1]: Failed password for a from 192.0.2.1 port 1 ssh2\n"
                + "Jan  1 00:00:01 h sshd[1]: Failed password for a from 192.0.2.1 port 1 ssh2\n");
    Files.setLastModifiedTime(log, FileTime.from(Instant.parse("2027-01-01T00:00:05Z")));
    List<Long> millis = timestamps(new AuthLogSource(List.of(log), null, null));
    assertEquals(
        List.of(
            Instant.parse("2026-12-31T23:59:58Z").toEpochMilli(),
            Instant.parse("2027-01-01T00:00:01Z").toEpochMilli()),
        millis);
  }

  @Test
  void explicitYearAndZoneOverrideInference() throws Exception {
    Path log =
        write(
            "zoned.log",
            "Mar  5 10:00:00 h sshd[1]: Failed password for a from 192.0.2.1 port 1 ssh2\n");
    Files.setLastModifiedTime(log, FileTime.from(Instant.parse("2030-06-01T00:00:00Z")));
    List<Long> millis =
        timestamps(new AuthLogSource(List.of(log), 2024, ZoneId.of("Europe/Berlin")));
    assertEquals(List.of(Instant.parse("2024-03-05T09:00:00Z").toEpochMilli()), millis);
  }

  @Test
  void gzipFilesAreReadDirectly() throws Exception {
    Path gz = temp.resolve("auth.log.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(fixture("ssh_bruteforce.auth.log"), out);
    }
    Read read = read(new AuthLogSource(List.of(gz), 2026, null));
    assertEquals(Map.of("ssh failure alice 198.51.100.23", 16), read.tally());
  }

  @Test
  void dashReadsStandardInputWithTheGivenYear() throws Exception {
    byte[] text =
        "Nov 25 08:49:29 srv01 sshd[1]: Failed password for alice from 198.51.100.23 port 5 ssh2\n"
            .getBytes(StandardCharsets.UTF_8);
    AuthLogSource source =
        new AuthLogSource(List.of(Path.of("-")), 2026, null, new ByteArrayInputStream(text));
    assertEquals(Map.of("ssh failure alice 198.51.100.23", 1), read(source).tally());
  }

  @Test
  void standardInputWithoutYearIsMalformedRatherThanGuessedFromToday() throws Exception {
    byte[] text =
        "Nov 25 08:49:29 srv01 sshd[1]: Failed password for alice from 198.51.100.23 port 5 ssh2\n"
            .getBytes(StandardCharsets.UTF_8);
    AuthLogSource source =
        new AuthLogSource(List.of(Path.of("-")), null, null, new ByteArrayInputStream(text));
    Read read = read(source);
    assertEquals(Map.of(), read.tally());
    assertEquals(List.of(1L), read.sink.problemLines);
  }

  @Test
  void overLongLineIsMalformedAndTheNextLineIsStillRead() throws Exception {
    String huge = "x".repeat(AuthLogSource.MAX_LINE_CHARS + 10);
    Path log =
        write(
            "long.log",
            huge
                + "\n"
                + "Nov 25 08:49:29 h sshd[1]: Failed password for a from 192.0.2.1 port 1"
                + " ssh2\n");
    Read read = read(new AuthLogSource(List.of(log), 2026, null));
    assertEquals(List.of(1L), read.sink.problemLines);
    assertEquals(Map.of("ssh failure a 192.0.2.1", 1), read.tally());
    assertEquals(1, read.source.counts().malformedLines());
  }

  @Test
  void missingFileIsAnIoErrorNamingIt() {
    AuthLogSource source = new AuthLogSource(List.of(temp.resolve("nope.log")), 2026, null);
    IOException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IOException.class, () -> source.readInto(new RecordingSink()));
    assertTrue(e.getMessage().contains("nope.log"), e.getMessage());
  }

  // --- helpers

  private record Read(AuthLogSource source, RecordingSink sink) {
    /** "service outcome user address" → count. */
    Map<String, Integer> tally() {
      Map<String, Integer> tally = new TreeMap<>();
      for (var fact : sink.facts) {
        AuthAttempt a = (AuthAttempt) fact;
        tally.merge(
            a.service() + " " + a.outcome().label() + " " + a.user() + " " + a.srcIp(),
            1,
            Integer::sum);
      }
      return tally;
    }
  }

  private Read read(String fixture) throws Exception {
    return read(new AuthLogSource(List.of(fixture(fixture)), 2026, null));
  }

  private static Read read(AuthLogSource source) throws IOException {
    RecordingSink sink = new RecordingSink();
    source.readInto(sink);
    return new Read(source, sink);
  }

  private static List<Long> timestamps(AuthLogSource source) throws IOException {
    return read(source).sink.facts.stream().map(f -> ((AuthAttempt) f).timestamp()).toList();
  }

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(AuthLogSourceTest.class.getResource("/logs/" + name).toURI());
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(temp.resolve(name), text);
  }
}
