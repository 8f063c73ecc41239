package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-runs on the same outputs, torn lines left by a crash, and outputs that cannot be written. */
class DurableOutputsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LOGGED_ID = Pattern.compile(" id=(\\S+) ");

  @TempDir Path dir;

  @Test
  void aSecondRunOfTheSameInputOnTheSameOutputsWritesNoAlertTwice() throws IOException {
    Path events = Files.writeString(dir.resolve("events.jsonl"), Bursts.events(5));

    Cli.Result first = run("--events", events.toString());
    Cli.Result second = run("--events", events.toString());

    assertEquals(ExitCode.OK, first.exitCode(), first::toString);
    assertEquals(ExitCode.OK, second.exitCode(), second::toString);
    List<String> ids = alertIds();
    assertEquals(5, ids.size(), ids::toString);
    assertEquals(5, new HashSet<>(ids).size(), ids::toString);
    assertEquals(ids, loggedAlertIds());
    assertTrue(
        second
            .err()
            .contains(
                "nsm run: 5 alert(s) were already in "
                    + dir.resolve("alerts.jsonl")
                    + " from an earlier run of this input and were not written again"),
        second::toString);
    assertTrue(second.out().matches("(?s).*\\nAlerts\\s+5\\n.*"), "the report is the run's own");
    assertTrue(
        Files.readString(dir.resolve("security_monitor.log"))
            .contains("5 in the alerts file, 5 in this log"),
        "the log says why the second run logged no alert");
  }

  @Test
  void aRunCutShortIsCompletedByRunningAgainOnTheWholeInput() throws IOException {
    String all = Bursts.events(8);
    Path firstHalf = Files.writeString(dir.resolve("half.jsonl"), Bursts.events(4));
    Path whole = Files.writeString(dir.resolve("whole.jsonl"), all);
    Path reference = dir.resolve("reference");
    Files.createDirectory(reference);
    Cli.Result expected =
        Cli.run(
            "run",
            "--events",
            whole.toString(),
            "--log",
            reference.resolve("log").toString(),
            "--alerts",
            reference.resolve("alerts.jsonl").toString());

    run("--events", firstHalf.toString());
    // What a crash leaves at worst: half of the next alert's line.
    Files.writeString(
        dir.resolve("alerts.jsonl"),
        Files.readString(dir.resolve("alerts.jsonl")) + "{\"@timestamp\":\"2026-11-25T0",
        java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    Cli.Result resumed = run("--events", whole.toString());

    assertEquals(ExitCode.OK, expected.exitCode(), expected::toString);
    assertEquals(ExitCode.OK, resumed.exitCode(), resumed::toString);
    assertTrue(resumed.err().contains("nsm run: warning: "), resumed::toString);
    assertTrue(resumed.err().contains("partial line of 27 bytes"), resumed::toString);
    assertEquals(idsIn(reference.resolve("alerts.jsonl")), alertIds());
  }

  @Test
  void anAlertsPathInAMissingDirectoryIsAnErrorBeforeAnyInputIsRead() throws IOException {
    Path alerts = dir.resolve("missing").resolve("alerts.jsonl");
    Cli.Result result = runNotReading("--alerts", alerts.toString());

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertEquals(
        "nsm run: error: cannot write " + alerts + ": no such file or directory\n",
        result.err(),
        result::toString);
    assertEquals("", result.out());
  }

  @Test
  void aLogPathBelowAFileIsAnErrorBeforeAnyInputIsRead() throws IOException {
    Path file = Files.writeString(dir.resolve("plain"), "x");
    Path log = file.resolve("security_monitor.log");
    Cli.Result result = runNotReading("--log", log.toString());

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertEquals(
        "nsm run: error: cannot write " + log + ": Not a directory\n",
        result.err(),
        result::toString);
  }

  @Test
  void aSymbolicLinkAtTheAlertsPathIsRefusedBeforeAnyInputIsRead() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "untouched\n");
    Path alerts = Files.createSymbolicLink(dir.resolve("alerts.jsonl"), target);
    Cli.Result result = runNotReading("--alerts", alerts.toString());

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertEquals(
        "nsm run: error: cannot write "
            + alerts
            + ": a symbolic link; nsm does not write through one\n",
        result.err());
    assertEquals("untouched\n", Files.readString(target));
  }

  @Test
  void aReportPathThatCannotBeWrittenIsAnErrorAtStartUpNotAfterTheRun() throws IOException {
    Path report = dir.resolve("missing").resolve("report.txt");
    Cli.Result result = runNotReading("--report", report.toString());

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(
        result.err().startsWith("nsm run: error: cannot write " + dir.resolve("missing")),
        result::toString);
    assertFalse(Files.exists(dir.resolve("alerts.jsonl")), "no output was created");
  }

  /**
   * A run whose input, if read at all, would print a warning about its malformed line and raise an
   * alert: an error that comes first shows neither.
   */
  private Cli.Result runNotReading(String... outputs) throws IOException {
    Path events = Files.writeString(dir.resolve("events.jsonl"), "junk\n" + Bursts.events(1));
    List<String> args = new ArrayList<>(List.of("run", "--events", events.toString()));
    List<String> given = List.of(outputs);
    if (!given.contains("--log")) {
      args.addAll(List.of("--log", dir.resolve("security_monitor.log").toString()));
    }
    if (!given.contains("--alerts")) {
      args.addAll(List.of("--alerts", dir.resolve("alerts.jsonl").toString()));
    }
    args.addAll(given);
    Cli.Result result = Cli.run(args.toArray(String[]::new));
    assertFalse(result.err().contains("warning"), result::toString);
    return result;
  }

  private Cli.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("run"));
    all.addAll(List.of(args));
    all.addAll(
        List.of(
            "--log", dir.resolve("security_monitor.log").toString(),
            "--alerts", dir.resolve("alerts.jsonl").toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  private List<String> alertIds() throws IOException {
    return idsIn(dir.resolve("alerts.jsonl"));
  }

  static List<String> idsIn(Path alerts) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(alerts)) {
      ids.add(JSON.readTree(line).at("/event/id").asText());
    }
    return ids;
  }

  private List<String> loggedAlertIds() throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("security_monitor.log"))) {
      Matcher id = LOGGED_ID.matcher(line);
      if (line.contains(" - [") && id.find()) {
        ids.add(id.group(1));
      }
    }
    return ids;
  }
}
