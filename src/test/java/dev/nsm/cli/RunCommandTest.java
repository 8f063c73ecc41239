package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

  private static final String ATTACKER = "198.51.100.7";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void burstOfSixConnectionsInOneSecondRaisesHighFrequency() throws IOException {
    Path events = write("burst.jsonl", burst());

    Cli.Result result = run("--events", events.toString());

    assertEquals(ExitCode.OK, result.exitCode(), "no --fail-on, no exit 1:\n" + result);
    List<JsonNode> alerts = alerts();
    assertEquals(1, alerts.size(), alerts::toString);
    assertEquals("high-frequency", alerts.get(0).at("/rule/id").asText());
    assertEquals(ATTACKER, alerts.get(0).at("/source/ip").asText());
    assertTrue(result.out().startsWith("nsm security report"), result.out());
    assertTrue(result.out().matches("(?s).*\\n\\s+high-frequency\\s+1\\s+0\\n.*"), result.out());
  }

  @Test
  void aMissingInterfaceIsAOneLineErrorWithExitTwo() {
    Cli.Result result = run("--interface", "nsm-none0");
    assertEquals(2, result.exitCode(), result.toString());
    assertTrue(result.err().contains("no such interface 'nsm-none0'"), result.toString());
  }

  @Test
  void liveCaptureIsNotCombinedWithRecordedInputs() throws IOException {
    Cli.Result result = run("--interface", "lo", "--events", write("e.jsonl", burst()).toString());
    assertEquals(2, result.exitCode(), result.toString());
    assertTrue(result.err().contains("cannot be combined with recorded ones"), result.toString());
  }

  @Test
  void runWithoutAnyInputIsAUsageError() {
    Cli.Result result = run();
    assertEquals(2, result.exitCode(), result.toString());
    assertTrue(result.err().contains("nothing to monitor"), result.toString());
  }

  @Test
  void aCorruptCaptureIsReportedWithItsNameAndTheOtherInputsStillCount() throws IOException {
    Path corrupt = write("corrupt.pcap", "this is not a capture\n");
    Cli.Result result =
        run("--pcap", corrupt.toString(), "--events", write("e.jsonl", burst()).toString());
    assertEquals(2, result.exitCode(), result.toString());
    assertTrue(result.err().contains("corrupt.pcap"), result.toString());
    assertTrue(result.err().contains("not a pcap or pcapng file"), result.toString());
    assertEquals("high-frequency", alerts().get(0).path("rule").path("id").asText());
  }

  @Test
  void failOnMediumExitsOneForAMediumAlert() throws IOException {
    Path events = write("burst.jsonl", burst());
    Cli.Result result = run("--events", events.toString(), "--fail-on", "medium");
    assertEquals(ExitCode.ALERTS, result.exitCode(), result::toString);
    assertTrue(result.err().contains("1 alert(s) at or above medium"), result.err());
  }

  @Test
  void failOnHighExitsZeroForAMediumAlert() throws IOException {
    Path events = write("burst.jsonl", burst());
    Cli.Result result = run("--events", events.toString(), "--fail-on", "HIGH");
    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertEquals(1, alerts().size());
  }

  @Test
  void unknownFailOnSeverityIsAUsageErrorWithExitTwo() throws IOException {
    Path events = write("burst.jsonl", burst());
    Cli.Result result = run("--events", events.toString(), "--fail-on", "severe");
    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(result.err().contains("unknown severity 'severe'"), result.err());
    assertFalse(Files.exists(dir.resolve("alerts.jsonl")), "nothing runs on a usage error");
  }

  @Test
  void malformedLineIsWarnedWithItsNumberAndCountedAndTheRunGoesOn() throws IOException {
    Path events = write("events.jsonl", burst() + "{\"type\": \"connection\", \"dst_prot\": 1}\n");

    Cli.Result result = run("--events", events.toString(), "--format", "json");

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertTrue(result.err().contains(events + ":7: warning: "), result.err());
    JsonNode report = JSON.readTree(result.out());
    assertEquals(1, report.at("/malformed_input/total").asLong(), result.out());
    assertEquals(1, alerts().size(), "the good lines were still replayed");
  }

  @Test
  void strictExitsTwoOnAMalformedLineAfterWritingEverything() throws IOException {
    Path events = write("events.jsonl", burst() + "not json\n");

    Cli.Result result = run("--events", events.toString(), "--strict", "--fail-on", "low");

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), "2 outranks 1:\n" + result);
    assertEquals(1, alerts().size());
    assertTrue(result.out().contains("Malformed lines     1"), result.out());
  }

  @Test
  void strictWithCleanInputExitsZero() throws IOException {
    Path events = write("events.jsonl", burst());
    assertEquals(ExitCode.OK, run("--events", events.toString(), "--strict").exitCode());
  }

  @Test
  void jsonFormatPutsOnlyTheReportOnStdout() throws IOException {
    Path events = write("events.jsonl", burst() + "oops\n");

    Cli.Result result = run("--events", events.toString(), "--format", "json");

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    // readTree would accept trailing text after the object; a parser must reach the end.
    try (var parser = JSON.createParser(result.out())) {
      JsonNode report = JSON.readTree(parser);
      assertEquals(null, parser.nextToken(), "nothing after the JSON report");
      assertEquals(1, report.at("/alerts/by_rule/high-frequency").asLong(), result.out());
    }
    assertTrue(result.out().strip().startsWith("{"), result.out());
    assertFalse(result.err().isEmpty(), "the warning went to stderr");
  }

  @Test
  void missingEventsFileExitsTwoNamingIt() {
    Path missing = dir.resolve("absent.jsonl");
    Cli.Result result = run("--events", missing.toString());
    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(result.err().contains(missing.toString()), result.err());
  }

  @Test
  void unreadableSecondFileStillLeavesTheFirstFilesAlertsAndReport() throws IOException {
    Path events = write("first.jsonl", burst());
    Path report = dir.resolve("report.txt");

    Cli.Result result =
        run(
            "--events", events.toString(),
            "--events", dir.resolve("absent.jsonl").toString(),
            "--report", report.toString());

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertEquals(1, alerts().size());
    assertTrue(Files.readString(report).contains("high-frequency"));
    assertTrue(Files.readString(dir.resolve("security_monitor.log")).contains("nsm stopped"));
  }

  @Test
  void eventsFilesAreReplayedOneAfterAnother() throws IOException {
    String[] lines = burst().split("\n");
    Path first = write("a.jsonl", String.join("\n", Arrays.copyOfRange(lines, 0, 3)) + "\n");
    Path second = write("b.jsonl", String.join("\n", Arrays.copyOfRange(lines, 3, 6)) + "\n");

    Cli.Result result = run("--events", first.toString(), "--events", second.toString());

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertEquals(1, alerts().size(), "three connections from each file make the burst");
  }

  @Test
  void logAlertsAndReportFilesAreOwnerOnly() throws IOException {
    Path events = write("events.jsonl", burst());
    Path report = dir.resolve("report.json");

    Cli.Result result =
        run("--events", events.toString(), "--report", report.toString(), "--format", "json");

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    for (Path file :
        List.of(dir.resolve("security_monitor.log"), dir.resolve("alerts.jsonl"), report)) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
          file.toString());
    }
    assertEquals(result.out(), Files.readString(report), "the file holds what stdout showed");
  }

  @Test
  void reportFileIsReplacedNotAppended() throws IOException {
    Path events = write("events.jsonl", burst());
    Path report = write("report.txt", "stale content that must go\n");

    run("--events", events.toString(), "--report", report.toString());

    assertFalse(Files.readString(report).contains("stale"));
    assertTrue(Files.readString(report).startsWith("nsm security report"));
  }

  @Test
  void invalidPolicyExitsTwoBeforeCreatingAnyOutput() throws IOException {
    Path events = write("events.jsonl", burst());
    Path policy = write("site.yaml", "schema_version: 1\nallow: [not-an-address]\n");

    Cli.Result result = run("--events", events.toString(), "--policy", policy.toString());

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(result.err().contains(policy + ":2:"), result.err());
    assertFalse(Files.exists(dir.resolve("alerts.jsonl")));
  }

  @Test
  void policyOverrideRaisesTheAlertsSeverity() throws IOException {
    Path events = write("events.jsonl", burst());
    Path policy =
        write(
            "site.yaml",
            "schema_version: 1\ndetections:\n  high-frequency:\n    severity: critical\n");

    Cli.Result result =
        run("--events", events.toString(), "--policy", policy.toString(), "--fail-on", "critical");

    assertEquals(ExitCode.ALERTS, result.exitCode(), result::toString);
    assertEquals("critical", alerts().get(0).at("/nsm/severity").asText());
  }

  @Test
  void dashReadsEventsFromStandardInput() throws IOException {
    InputStream stdin = System.in;
    System.setIn(new ByteArrayInputStream((burst() + "junk\n").getBytes(StandardCharsets.UTF_8)));
    Cli.Result result;
    try {
      result = run("--events", "-");
    } finally {
      System.setIn(stdin);
    }

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertEquals(1, alerts().size());
    assertTrue(result.err().contains("<stdin>:7: warning: "), result.err());
  }

  @Test
  void eventsOptionIsRequired() {
    Cli.Result result = run();
    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(result.err().contains("--events"), result.err());
  }

  @Test
  void verboseShowsTheUnrecognisedAuthLogLinesWithNumbersEscaped() throws IOException {
    Path log =
        write(
            "auth.log",
            "Nov 25 08:49:29 h sshd[1]: Failed password for a from 192.0.2.1 port 1 ssh2\n"
                + "Nov 25 08:49:30 h CRON[2]: (root) CMD (run-parts /etc/cron.hourly)\n"
                + "Nov 25 08:49:31 h kernel: [ 1.0] eth0: link up\u001b[2J\n");

    Cli.Result verbose = run("--auth-log", log.toString(), "--log-year", "2026", "--verbose");
    assertEquals(ExitCode.OK, verbose.exitCode(), verbose::toString);
    assertTrue(
        verbose
            .err()
            .contains(
                "nsm run:   not understood, line 2: Nov 25 08:49:30 h CRON[2]: (root) CMD"
                    + " (run-parts /etc/cron.hourly)\n"),
        verbose.err());
    assertTrue(
        verbose
            .err()
            .contains(
                "nsm run:   not understood, line 3: Nov 25 08:49:31 h kernel: [ 1.0] eth0: link"
                    + " up\\x1b[2J\n"),
        verbose.err());
    assertFalse(verbose.err().contains("\u001b"), "escape sequence passed through");
    assertFalse(verbose.out().contains("not understood"), "samples stay off the report");

    Cli.Result quiet = run("--auth-log", log.toString(), "--log-year", "2026");
    assertTrue(quiet.err().contains("3 lines, 1 auth attempts"), quiet.err());
    assertFalse(quiet.err().contains("CRON"), quiet.err());
    assertFalse(quiet.err().contains("not understood"), quiet.err());
  }

  /** {@code nsm run} with its outputs in the temporary directory. */
  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("run"));
    all.addAll(List.of(args));
    all.addAll(
        List.of(
            "--log", dir.resolve("security_monitor.log").toString(),
            "--alerts", dir.resolve("alerts.jsonl").toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  private List<JsonNode> alerts() throws IOException {
    List<JsonNode> alerts = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("alerts.jsonl"))) {
      alerts.add(JSON.readTree(line));
    }
    return alerts;
  }

  /** Six TCP connection attempts from one source within 750 ms: one more than the default 5. */
  private static String burst() {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      lines.append(
          String.format(
              "{\"type\": \"connection\", \"time\": \"2026-11-25T09:00:00.%03dZ\","
                  + " \"src_ip\": \"%s\", \"dst_ip\": \"203.0.113.10\", \"dst_port\": 80,"
                  + " \"transport\": \"tcp\"}\n",
              i * 150, ATTACKER));
    }
    return lines.toString();
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
