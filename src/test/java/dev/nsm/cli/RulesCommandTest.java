package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesCommandTest {

  static final List<String> DEFAULT_IDS =
      List.of(
          "auth-failures",
          "brute-force-success",
          "high-frequency",
          "multi-pattern-source",
          "port-scan",
          "port-sweep",
          "unusual-port");

  @TempDir Path dir;

  @Test
  void tableListsAllSevenDefaultRulesSortedWithTheirThresholds() {
    Cli.Result result = Cli.run("rules");

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    List<String> lines = result.out().lines().toList();
    assertTrue(lines.get(0).startsWith("ID "), lines.get(0));
    assertEquals(DEFAULT_IDS, lines.stream().skip(1).map(l -> l.split("\\s+")[0]).toList());
    assertEquals(
        List.of(
            "high-frequency",
            "medium",
            "medium",
            "T1498,T1046",
            "yes",
            "6",
            "1s",
            "10m",
            "tcp",
            "rules/default/high-frequency.drl:20"),
        List.of(row(lines, "high-frequency")));
  }

  @Test
  void policyOverrideChangesSeverityInForceButNotTheRulesOwn() throws IOException {
    Path policy =
        Files.writeString(
            dir.resolve("site.yaml"),
            "schema_version: 1\n"
                + "detections:\n"
                + "  port-scan:\n"
                + "    severity: critical\n"
                + "    min_count: 30\n"
                + "    window: 2m\n"
                + "    enabled: false\n");

    Cli.Result result = Cli.run("rules", "--policy", policy.toString());

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    String[] portScan = row(result.out().lines().toList(), "port-scan");
    assertEquals("critical", portScan[1], "severity in force");
    assertEquals("high", portScan[2], "the rule's own severity");
    assertEquals("no", portScan[4]);
    assertEquals("30", portScan[5]);
    assertEquals("2m", portScan[6]);
  }

  @Test
  void jsonListsTheSameRulesAndParses() throws IOException {
    Cli.Result result = Cli.run("rules", "--format", "json");

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    JsonNode root = new ObjectMapper().readTree(result.out());
    List<String> ids = new ArrayList<>();
    root.get("rules").forEach(rule -> ids.add(rule.get("id").asText()));
    assertEquals(DEFAULT_IDS, ids);
    JsonNode highFrequency = root.get("rules").get(2);
    assertEquals(6, highFrequency.get("min_count").asInt());
    assertEquals("1s", highFrequency.get("window").asText());
    assertEquals("tcp", highFrequency.get("transports").get(0).asText());
  }

  @Test
  void sameInputGivesTheSameListing() {
    assertEquals(Cli.run("rules").out(), Cli.run("rules").out());
  }

  @Test
  void unknownFormatIsAOneLineUsageErrorWithExitTwo() {
    Cli.Result result = Cli.run("rules", "--format", "xml");

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(
        result
            .err()
            .lines()
            .findFirst()
            .orElseThrow()
            .contains("unknown format 'xml', expected text or json"),
        result.err());
    assertEquals("", result.out());
  }

  @Test
  void invalidPolicyExitsTwo() throws IOException {
    Path policy = Files.writeString(dir.resolve("bad.yaml"), "schema_version: 2\n");
    Cli.Result result = Cli.run("rules", "--policy", policy.toString());
    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(result.err().contains(policy + ":1:"), result.err());
  }

  private static String[] row(List<String> lines, String id) {
    return lines.stream()
        .filter(l -> l.startsWith(id + " "))
        .findFirst()
        .orElseThrow()
        .split("\\s+");
  }
}
