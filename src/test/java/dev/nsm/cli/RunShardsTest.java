package dev.nsm.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.engine.CrossSourceRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nsm run --shards N}: more threads, the same outputs. */
class RunShardsTest {

  private static final String CAPTURE = "examples/scenarios/port-scan/capture.pcap";

  @TempDir Path dir;

  @Test
  void anyNumberOfShardsWritesTheSameAlertsReportAndLog() throws IOException {
    Run one = run("1", CAPTURE);
    Run three = run("3", CAPTURE);

    assertEquals(ExitCode.OK, one.result.exitCode(), one.result.toString());
    assertTrue(one.alerts.size() >= 3, "a capture that raises alerts: " + one.alerts);
    assertEquals(one.alerts.size(), one.alertLines.size(), "one log line per alert");
    assertEquals(one.alerts, three.alerts);
    assertEquals(one.result.out(), three.result.out(), "the report");
    assertEquals(one.alertLines, three.alertLines, "the log's alert lines");
  }

  @Test
  void aRulesetThatComparesSourcesRunsInOneSessionAndSaysSo() throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(rules.resolve("distributed.drl"), CrossSourceRule.text("all-sources", 50));

    Cli.Result result =
        Cli.run(
            "run",
            "--rules",
            rules.toString(),
            "--shards",
            "2",
            "--pcap",
            CAPTURE,
            "--log",
            dir.resolve("l.log").toString(),
            "--alerts",
            dir.resolve("a.jsonl").toString());

    assertEquals(ExitCode.OK, result.exitCode(), result.toString());
    assertTrue(
        result
            .err()
            .contains(
                "nsm run: note: running one rule session, not 2: distributed-scan compare(s)"
                    + " sources (@scope(\"all-sources\"))"),
        result.err());
  }

  @Test
  void zeroShardsIsAUsageError() {
    Cli.Result result = Cli.run("run", "--shards", "0", "--pcap", CAPTURE);

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result.toString());
    assertTrue(result.err().contains("--shards must be at least 1"), result.err());
  }

  @Test
  void aCaptureBufferOfZeroIsAUsageError() {
    Cli.Result result = Cli.run("run", "--interface", "lo", "--buffer-size", "0");

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result.toString());
    assertTrue(result.err().contains("--buffer-size must be 1 to 2048 MiB, got 0"), result.err());
  }

  private record Run(Cli.Result result, List<String> alerts, List<String> alertLines) {}

  private Run run(String shards, String capture) throws IOException {
    Path out = Files.createDirectories(dir.resolve("shards-" + shards));
    Path log = out.resolve("security_monitor.log");
    Path alerts = out.resolve("alerts.jsonl");
    Cli.Result result =
        Cli.run(
            "run",
            "--shards",
            shards,
            "--pcap",
            capture,
            "--log",
            log.toString(),
            "--alerts",
            alerts.toString());
    List<String> alertLines =
        Files.readAllLines(log, UTF_8).stream()
            .filter(line -> line.matches("^[-0-9: ]+ - [A-Z]+ - \\[.*"))
            .map(line -> line.substring(line.indexOf(" - "))) // after the wall-clock time
            .toList();
    return new Run(result, Files.readAllLines(alerts, UTF_8), alertLines);
  }
}
