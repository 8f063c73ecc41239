package dev.nsm.report;

import static dev.nsm.report.TestFacts.T0;
import static dev.nsm.report.TestFacts.alert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityLogTest {

  private static final Pattern LINE =
      Pattern.compile("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} - (INFO|WARN|ERROR) - .+$");
  private static final String FORGERY = "\r\n2026-01-01 00:00:00 - ERROR - forged";

  @TempDir Path dir;

  @Test
  void writesEveryLineAsTimeLevelMessageWithTheLevelOfEachSeverity() throws IOException {
    Path file = dir.resolve("security_monitor.log");
    try (SecurityLog log = SecurityLog.open(file)) {
      log.info("monitor started");
      for (Severity severity : Severity.values()) {
        log.accept(alert("rule-" + severity.label(), severity, "198.51.100.23", T0));
      }
      log.warn("malformed input line");
      log.error("stopped on an error");
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> levels =
        lines.stream()
            .map(
                line -> {
                  var matcher = LINE.matcher(line);
                  assertTrue(matcher.matches(), () -> "not in the log format: " + line);
                  return matcher.group(1);
                })
            .toList();
    assertEquals(List.of("INFO", "INFO", "WARN", "ERROR", "ERROR", "WARN", "ERROR"), levels);
  }

  @Test
  void alertLineNamesRuleSourceEventTimeSeverityAndSummary() throws IOException {
    Path file = dir.resolve("security_monitor.log");
    try (SecurityLog log = SecurityLog.open(file)) {
      log.accept(TestFacts.portScan(T0, "root"));
    }
    String line = Files.readAllLines(file).get(0);
    assertTrue(
        line.endsWith(
            " - ERROR - [port-scan] source=198.51.100.23 time=2026-11-25T08:40:01.123456Z"
                + " severity=high id=a1b2c3 count=15 threshold=15 suppressed=2"
                + " dst=203.0.113.10 dst_port=443"
                + " msg=15 distinct ports on 203.0.113.10 within 60s (threshold 15)"),
        line);
  }

  @Test
  void createsTheLogReadableAndWritableByItsOwnerOnly() throws IOException {
    Path file = dir.resolve("security_monitor.log");
    SecurityLog.open(file).close();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void narrowsAnExistingLogToOwnerOnlyAndAppendsToIt() throws IOException {
    Path file = dir.resolve("security_monitor.log");
    Files.writeString(file, "2026-01-01 00:00:00 - INFO - earlier run\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    try (SecurityLog log = SecurityLog.open(file)) {
      log.info("second run");
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).endsWith("earlier run"));
    assertTrue(lines.get(1).endsWith("second run"));
  }

  @Test
  void refusesToWriteThroughASymbolicLink() throws IOException {
    Path target = Files.writeString(dir.resolve("passwd"), "root:x:0:0\n");
    Path link = Files.createSymbolicLink(dir.resolve("security_monitor.log"), target);
    IOException refused = assertThrows(IOException.class, () -> SecurityLog.open(link));
    assertEquals(link + ": a symbolic link; nsm does not write through one", refused.getMessage());
    assertEquals("root:x:0:0\n", Files.readString(target));
  }

  @Test
  void userNameWithLineBreaksAndAForgedLineStaysOnOneLine() throws IOException {
    Path file = dir.resolve("security_monitor.log");
    var attempt = TestFacts.login(T0, "198.51.100.23", "admin" + FORGERY, AuthOutcome.FAILURE);
    try (SecurityLog log = SecurityLog.open(file)) {
      log.accept(
          alert(
              "brute-force",
              Severity.MEDIUM,
              "198.51.100.23",
              T0,
              "failed login for " + attempt.user(),
              List.of(attempt)));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(1, lines.size());
    assertTrue(
        lines
            .get(0)
            .endsWith("msg=failed login for admin\\r\\n2026-01-01 00:00:00 - ERROR - forged"),
        lines.get(0));
  }

  @Test
  void runMessagesAreEscapedToo() throws IOException {
    Path file = dir.resolve("security_monitor.log");
    try (SecurityLog log = SecurityLog.open(file)) {
      log.warn("malformed line in auth.log: bad user" + FORGERY + " \u001b[2J");
    }
    String content = Files.readString(file);
    assertEquals(1, content.lines().count());
    assertFalse(content.contains("\u001b"), "raw ESC reached the log");
    assertTrue(content.contains("\\x1b[2J"));
  }

  @Test
  void aTornLastLineIsKeptAndTheNextLineStartsOnItsOwn() throws IOException {
    Path file = dir.resolve("security_monitor.log");
    Files.writeString(file, "2026-01-01 00:00:00 - INFO - earlier run\n2026-01-01 00:00:01 - ERR");
    try (SecurityLog log = SecurityLog.open(file)) {
      assertTrue(
          log.repairedTornLine().contains("partial line of 25 bytes"), log.repairedTornLine());
      log.info("second run");
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(3, lines.size(), lines::toString);
    assertEquals("2026-01-01 00:00:01 - ERR", lines.get(1));
    assertTrue(LINE.matcher(lines.get(2)).matches(), lines.get(2));
  }

  @Test
  void anAlertTheLogAlreadyHoldsIsNotLoggedAgain() throws IOException {
    Path file = dir.resolve("security_monitor.log");
    var first = alert("port-scan", Severity.HIGH, "198.51.100.23", T0);
    var second = alert("port-scan", Severity.HIGH, "198.51.100.24", T0);
    try (SecurityLog log = SecurityLog.open(file)) {
      log.accept(first);
    }
    try (SecurityLog log = SecurityLog.open(file)) {
      log.accept(first);
      log.accept(second);
      assertEquals(1, log.alreadyWritten());
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size(), lines::toString);
    assertTrue(lines.get(1).contains(" id=" + second.id() + " "), lines.get(1));
  }

  @Test
  void anIdInAMessageDoesNotPassForTheAlertsId() {
    String line =
        "2026-11-25 10:52:12 - ERROR - [port-scan] source=198.51.100.77 time=2026-11-25T08:52:51Z"
            + " severity=high id=aaaa count=15 threshold=15 suppressed=0 msg=x id=bbbb y";
    assertEquals("aaaa", SecurityLog.idOf(line));
    assertEquals(null, SecurityLog.idOf("2026-11-25 10:52:12 - INFO - nsm started msg= id=cccc x"));
    assertEquals(null, SecurityLog.idOf("2026-11-25 10:52:12 - INFO - [x] y msg=z id=cccc x"));
  }

  @Test
  void writesNothingAfterClose() throws IOException {
    Path file = dir.resolve("security_monitor.log");
    SecurityLog log = SecurityLog.open(file);
    log.info("before close");
    log.close();
    log.info("after close");
    assertEquals(1, Files.readAllLines(file).size());
  }
}
