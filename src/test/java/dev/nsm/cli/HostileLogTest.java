package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile auth log lines through {@code nsm run}: user names and HTTP paths holding CR, LF, NUL,
 * ANSI and C1 escapes, bidi overrides and bytes that are not UTF-8, a line over a megabyte and one
 * just under it. They are parsed or rejected (warned and counted), and none can forge or break a
 * line of security_monitor.log, alerts.jsonl or the terminal. The timeout only guards against a
 * hang.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileLogTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Pattern LOG_LINE =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d - (INFO|WARN|ERROR) - .*");

  private static final String FORGED = "2026-11-25 09:00:00 - ERROR - [forged] source=6.6.6.6";

  /**
   * The sshd users, each a way to break a line or a terminal; the fourth (the fifth try, after
   * {@link #NOT_UTF8}'s) is quoted by the alert's message.
   */
  private static final List<String> SSH_USERS =
      List.of(
          "\u001b[31mroot\u001b[0m\u001b]0;pwned\u0007",
          "ad\u0000min",
          "csi\u009b2J nel\u0085",
          "admin\r" + FORGED,
          "evil\u202egnp.exe\u2028next",
          "back\\nslash");

  /** nginx's remote users; their request paths and user agents carry escapes too. */
  private static final List<String> WEB_USERS =
      List.of("\u001b[1mboss", "x\u0000y", "z\r" + FORGED, "\u009b6n", "w\u2029v");

  /** Bytes that are not UTF-8, as they are replaced when read. */
  private static final byte[] NOT_UTF8 = {'i', 'n', (byte) 0xff, (byte) 0xc3, 'v', (byte) 0x80};

  @TempDir Path dir;
  private Path authLog;
  private Path accessLog;

  @BeforeEach
  void writeLogs() throws IOException {
    ByteArrayOutputStream auth = new ByteArrayOutputStream();
    int second = 1;
    auth.writeBytes(sshFailure(second++, NOT_UTF8));
    for (String user : SSH_USERS) {
      auth.writeBytes(sshFailure(second++, user.getBytes(StandardCharsets.UTF_8)));
    }
    // Just under the one-megabyte line limit: read, its user name cut.
    auth.writeBytes(
        sshFailure(second++, "u".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII)));
    // Over it: rejected by length, never buffered whole.
    auth.writeBytes(
        sshFailure(second++, "o".repeat(1_100_000).getBytes(StandardCharsets.US_ASCII)));
    auth.writeBytes(
        line(
            "Nov 25 09:00:30 srv01 sshd[9]: Failed password \u001b]0;pwned\u0007\u001b[2J \u202e\u0085"));
    auth.writeBytes(line("Nov 25 09:00:31 srv01 kernel: \u001b[2J\u001bc bidi\u202e NUL\u0000"));
    authLog = Files.write(dir.resolve("auth.log"), auth.toByteArray());

    StringBuilder access = new StringBuilder();
    for (int i = 0; i < WEB_USERS.size(); i++) {
      access.append(
          String.format(
              "198.51.100.77 - %s [25/Nov/2026:09:00:%02d +0000] \"GET /\u001b[2J/admin\r"
                  + "?\u0000\u202e HTTP/1.1\" 401 179 \"-\" \"ua\u001b]0;x\u0007\"\n",
              WEB_USERS.get(i), i + 1));
    }
    accessLog = Files.writeString(dir.resolve("access.log"), access);
  }

  @Test
  void hostileLinesAreParsedOrRejectedAndNoOutputLineCanBeForged() throws IOException {
    Cli.Result result =
        run(
            "text",
            "--auth-log",
            authLog.toString(),
            "--auth-log",
            accessLog.toString(),
            "--log-year",
            "2026",
            "--verbose");

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertTerminalSafe(result.out());
    assertTerminalSafe(result.err());
    assertTrue(result.err().contains(authLog + ":9: warning: line of "), result.err());
    assertTrue(result.err().contains(authLog + ":10: warning: sshd verdict without"), result.err());
    assertTrue(
        result.err().contains("not understood, line 11: Nov 25 09:00:31 srv01 kernel: \\x1b[2J"),
        result.err());
    assertTrue(
        result.err().contains("auth.log: 11 lines, 8 auth attempts, 2 malformed"), result.err());
    assertTrue(
        result.err().contains("access.log: 5 lines, 5 auth attempts, 0 malformed"), result.err());
    assertTrue(result.out().contains("Malformed lines     2\n"), result.out());

    List<JsonNode> alerts = alerts();
    assertEquals(2, alerts.size(), alerts::toString);
    Set<String> users = new TreeSet<>();
    for (JsonNode alert : alerts) {
      assertEquals("auth-failures", alert.at("/rule/id").asText());
      for (JsonNode fact : alert.at("/nsm/evidence/facts")) {
        users.add(fact.path("user").asText());
      }
    }
    Set<String> expected = new TreeSet<>(SSH_USERS.subList(0, 4));
    expected.add("in\ufffd\ufffdv\ufffd");
    expected.addAll(WEB_USERS);
    assertEquals(expected, users, "the first five tries of each source, their users unchanged");
    assertTrue(
        alerts.get(0).path("message").asText().endsWith(" as 'admin\r" + FORGED + "'"),
        alerts.get(0).toString());

    List<String> log = securityLog();
    // started, one line per malformed line (2), per alert (2), per input (2), stopped.
    assertEquals(8, log.size(), String.join("\n", log));
    for (String line : log) {
      assertTrue(LOG_LINE.matcher(line).matches(), line);
      assertTerminalSafe(line);
    }
    assertEquals(
        1,
        log.stream().filter(l -> l.contains("admin\\r" + FORGED + "'")).count(),
        "the forged line is inside the alert's line, its CR escaped");
  }

  @Test
  void jsonReportOnTheTerminalIsSafeTooAndAlertLinesStayShort() throws IOException {
    Cli.Result result =
        run(
            "json",
            "--auth-log",
            authLog.toString(),
            "--auth-log",
            accessLog.toString(),
            "--log-year",
            "2026");

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertTerminalSafe(result.out());
    assertTerminalSafe(result.err());
    JsonNode report = JSON.readTree(result.out());
    assertEquals(2, report.at("/malformed_input/total").asLong(), result.out());
    for (String line : Files.readAllLines(dir.resolve("alerts.jsonl"))) {
      // The megabyte user name was cut to 256 characters before any fact held it.
      assertTrue(line.length() < 16_384, "an alert line of " + line.length() + " characters");
    }
  }

  private Cli.Result run(String format, String... inputs) {
    List<String> args = new ArrayList<>(List.of("run", "--format", format));
    args.addAll(List.of(inputs));
    args.addAll(
        List.of(
            "--log", dir.resolve("security_monitor.log").toString(),
            "--alerts", dir.resolve("alerts.jsonl").toString()));
    return Cli.run(args.toArray(String[]::new));
  }

  private List<JsonNode> alerts() throws IOException {
    List<JsonNode> alerts = new ArrayList<>();
    byte[] bytes = Files.readAllBytes(dir.resolve("alerts.jsonl"));
    for (String line : new String(bytes, StandardCharsets.US_ASCII).split("\n")) {
      for (char c : line.toCharArray()) {
        assertTrue(c >= 0x20 && c < 0x7f, "alerts.jsonl holds character " + (int) c);
      }
      alerts.add(JSON.readTree(line));
    }
    return alerts;
  }

  /** The log's lines, after checking it is valid UTF-8 with LF line ends only. */
  private List<String> securityLog() throws IOException {
    byte[] bytes = Files.readAllBytes(dir.resolve("security_monitor.log"));
    String text =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
    assertTrue(text.endsWith("\n"));
    return List.of(text.substring(0, text.length() - 1).split("\n", -1));
  }

  /** Nothing a terminal acts on: only LF and visible characters. */
  private static void assertTerminalSafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String where = "character " + (int) c + " at " + i + " of:\n" + text;
      assertTrue(c == '\n' || c >= 0x20, where);
      assertTrue(c < 0x7f || c > 0x9f, where);
      assertTrue(c != 0x2028 && c != 0x2029 && (c < 0x202a || c > 0x202e), where);
      assertTrue(c < 0x2066 || c > 0x2069, where);
      if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
        assertTrue(Character.isLowSurrogate(text.charAt(++i)), where);
      } else {
        assertTrue(!Character.isSurrogate(c), where);
      }
    }
  }

  private static byte[] sshFailure(int second, byte[] user) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    line.writeBytes(
        String.format(
                "Nov 25 09:00:%02d srv01 sshd[%d]: Failed password for ", second, 100 + second)
            .getBytes(StandardCharsets.US_ASCII));
    line.writeBytes(user);
    line.writeBytes(
        String.format(" from 198.51.100.23 port %d ssh2\n", 40000 + second)
            .getBytes(StandardCharsets.US_ASCII));
    return line.toByteArray();
  }

  private static byte[] line(String text) {
    return (text + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
