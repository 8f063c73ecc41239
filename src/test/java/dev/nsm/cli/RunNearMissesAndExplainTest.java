package dev.nsm.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nsm run --near-misses} and {@code --explain} on the bundled four-minute example. */
class RunNearMissesAndExplainTest {

  private static final String CAPTURE = "examples/mixed-4min/capture.pcap";
  private static final String AUTH_LOG = "examples/mixed-4min/auth.log";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void nearMissesListPerRuleTheSourcesClosestToTheThreshold() {
    Cli.Result result = runExample("--near-misses=1");

    assertEquals(ExitCode.OK, result.exitCode(), result.toString());
    assertTrue(
        result
            .out()
            .contains(
                "\n  high-frequency\n"
                    + "    198.51.100.77: 3 of 6 in 1s, peak at 2026-11-25 08:53:56.637"
                    + " ("
                    + CAPTURE
                    + " frame 589)\n"
                    + "    and 3 more\n"),
        result.out());
    assertTrue(
        result.out().contains("\n    192.0.2.51: 4 of 15 in 1m, peak at 2026-11-25 08:54:20.569"),
        "the benign client closest to a port scan:\n" + result.out());
    assertTrue(result.out().contains("\n  auth-failures: none\n"), "both guessers alerted");
    assertFalse(result.out().contains("Explanations"), result.out());
  }

  @Test
  void explainShowsEachAlertsFactsWithFileAndFrameOrLine() {
    Cli.Result result = runExample("--explain");

    assertEquals(ExitCode.OK, result.exitCode(), result.toString());
    String out = result.out();
    assertFalse(out.contains("Near misses"), out);
    assertTrue(
        out.contains(
            " port-scan high 198.51.100.77 (id 60668eb12a76f8be5782)\n"
                + "    15 distinct ports on 203.0.113.10 within 60 s\n"
                + "    counted 15, threshold 15,"
                + " window (2026-11-25T08:51:51.369999Z, 2026-11-25T08:52:51.369031Z]\n"
                + "      2026-11-25T08:52:44.366245Z tcp 198.51.100.77:51648 -> 203.0.113.10:25, "
                + CAPTURE
                + " frame 96\n"),
        out);
    assertTrue(
        out.contains(
            "      2026-11-25T08:53:31.000000Z ssh failure as 'root' 198.51.100.23 -> this host, "
                + AUTH_LOG
                + " line 10\n"),
        out);
    assertEquals(8, count(out, "\n    counted "), "one explanation per alert:\n" + out);
  }

  @Test
  void withJsonBothSectionsAreKeysOfTheReport() throws IOException {
    Cli.Result result = runExample("--near-misses", "--explain", "--format", "json");

    assertEquals(ExitCode.OK, result.exitCode(), result.toString());
    JsonNode report = JSON.readTree(result.out());
    JsonNode closest = report.at("/near_misses/by_rule/high-frequency/listed/0");
    assertEquals("198.51.100.77", closest.path("source").asText());
    assertEquals("2026-11-25T08:53:56.637027Z", closest.path("peak_at").asText());
    assertEquals(10, report.at("/near_misses/per_rule").asInt());
    JsonNode explained = report.at("/explanations/alerts");
    assertEquals(report.at("/alerts/total").asInt(), explained.size(), result.out());
    List<String> alertIds = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("alerts.jsonl"), UTF_8)) {
      alertIds.add(JSON.readTree(line).at("/event/id").asText());
    }
    List<String> explainedIds = new ArrayList<>();
    explained.forEach(alert -> explainedIds.add(alert.path("id").asText()));
    assertEquals(alertIds, explainedIds, "the same alerts as the alerts file, in order");
    assertEquals(
        CAPTURE + " frame 164",
        explained.get(1).at("/evidence/facts/14/origin").asText(),
        "the port scan's fifteenth port");
  }

  @Test
  void aRuleThatDoesNotCallReachedIsNamedAsRecordingNone() throws IOException {
    Path rules = dir.resolve("rules");
    Files.createDirectories(rules);
    try (Stream<Path> files = Files.list(Path.of("rules/default"))) {
      for (Path file : files.toList()) {
        String text = Files.readString(file);
        if (file.getFileName().toString().equals("port-sweep.drl")) {
          text =
              text.replace(
                  "alerts.reached($d, $c, $hosts.size()) >= $d.minCount())",
                  "$hosts.size() >= $d.minCount())");
        }
        Files.writeString(rules.resolve(file.getFileName()), text);
      }
    }

    Cli.Result result = run("--rules", rules.toString(), "--pcap", CAPTURE, "--near-misses");

    assertEquals(ExitCode.OK, result.exitCode(), result.toString());
    assertTrue(
        result
            .out()
            .contains(
                "\n  rule port-sweep does not record near misses"
                    + " (it does not call alerts.reached)\n"),
        result.out());
    assertFalse(result.out().contains("\n  port-sweep\n"), result.out());
  }

  @Test
  void nearMissesOfZeroIsAUsageError() {
    Cli.Result result = run("--pcap", CAPTURE, "--near-misses=0");

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result.toString());
    assertTrue(result.err().contains("--near-misses must be at least 1, got 0"), result.err());
  }

  private Cli.Result runExample(String... options) {
    List<String> args =
        new ArrayList<>(List.of("--pcap", CAPTURE, "--auth-log", AUTH_LOG, "--log-year", "2026"));
    args.addAll(List.of(options));
    return run(args.toArray(String[]::new));
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

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
