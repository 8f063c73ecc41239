package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {

  private static final Path FTP_CAPTURE =
      Path.of("src/test/resources/captures/ftp_bruteforce.pcap");

  @TempDir Path dir;

  @Test
  void passesEveryExampleScenario() {
    Cli.Result result = Cli.run("test", "examples/scenarios");

    assertEquals(0, result.exitCode(), result.toString());
    for (String name :
        List.of(
            "benign clients raise no alert",
            "ftp brute force from one source, then a success",
            "HTTP basic-auth brute force",
            "nmap SYN scan of the top 1000 ports",
            "slow SMB sweep across 40 hosts (synthetic)",
            "SSH brute force from the auth log together with its capture",
            "SYN flood against one web server port")) {
      assertTrue(result.out().contains("PASS " + name + " ("), result.toString());
    }
    assertTrue(result.out().contains("7 passed, 0 failed, 0 invalid"), result.toString());
  }

  @Test
  void failsAMissingExpectedAlertAndSaysWhatWasSeenInstead() throws IOException {
    scenario(
        dir.resolve("scan"),
        """
        name: expects a scan that never happened
        inputs: {pcap: [capture.pcap]}
        expect:
          - rule: port-scan
            source: 198.51.100.23
        """);

    Cli.Result result = Cli.run("test", dir.toString());

    assertEquals(1, result.exitCode(), result.toString());
    assertTrue(result.out().contains("FAIL expects a scan that never happened"), result.toString());
    assertTrue(
        result
            .out()
            .contains(
                "    expected at least 1 alert(s) rule=port-scan source=198.51.100.23, got 0;"
                    + " seen instead:"),
        result.toString());
    assertTrue(
        result.out().contains("× rule=auth-failures source=198.51.100.23"), result.toString());
  }

  @Test
  void refusesAnUnknownKeyWithItsPositionAndAHint() throws IOException {
    Path file =
        scenario(
            dir.resolve("typo"),
            """
            name: typo
            inputs: {pcap: [capture.pcap]}
            expct:
              - rule: auth-failures
            """);

    Cli.Result result = Cli.run("test", dir.toString());

    assertEquals(2, result.exitCode(), result.toString());
    assertTrue(
        result.err().contains(file + ":3:1: error: unknown key 'expct' (did you mean 'expect'?)"),
        result.toString());
  }

  @Test
  void refusesAnInputFileThatDoesNotExist() throws IOException {
    Path file = scenario(dir.resolve("missing"), "inputs:\n  pcap: [capture.pcap, gone.pcap]\n");

    Cli.Result result = Cli.run("test", dir.toString());

    assertEquals(2, result.exitCode(), result.toString());
    assertTrue(
        result.err().contains(file + ":2:24: error: inputs.pcap[1]: no file "), result.toString());
  }

  @Test
  void goldenAlertsWrittenByUpdateCatchAChangedThreshold() throws IOException {
    Path scenario = dir.resolve("golden");
    scenario(scenario, "inputs: {pcap: [capture.pcap]}\n");

    Cli.Result updated = Cli.run("test", "--update", dir.toString());
    Cli.Result unchanged = Cli.run("test", dir.toString());
    Files.writeString(
        scenario.resolve("policy.yaml"),
        "schema_version: 1\ndetections:\n  auth-failures:\n    min_count: 50\n");
    Files.writeString(
        scenario.resolve("scenario.yaml"),
        "inputs: {pcap: [capture.pcap]}\npolicy: [policy.yaml]\n");
    Cli.Result changed = Cli.run("test", dir.toString());

    assertEquals(0, updated.exitCode(), updated.toString());
    String golden = Files.readString(scenario.resolve("expected-alerts.jsonl"));
    assertTrue(golden.contains("\"rule\":{\"id\":\"auth-failures\"}"), golden);
    assertEquals(0, unchanged.exitCode(), unchanged.toString());
    assertEquals(1, changed.exitCode(), changed.toString());
    assertTrue(
        changed.out().contains("expected-alerts.jsonl: missing alert {\"@timestamp\":"),
        changed.toString());
  }

  @Test
  void writesJUnitXmlWithOneTestcasePerScenarioAndTheFailure() throws IOException {
    scenario(dir.resolve("a-pass"), "name: passes\ninputs: {pcap: [capture.pcap]}\n");
    scenario(
        dir.resolve("b-fail"),
        "name: fails\ninputs: {pcap: [capture.pcap]}\nexpect_none: [{rule: auth-failures}]\n");
    Path junit = dir.resolve("junit.xml");

    Cli.Result result = Cli.run("test", "--junit", junit.toString(), dir.toString());

    assertEquals(1, result.exitCode(), result.toString());
    String xml = Files.readString(junit);
    assertTrue(xml.contains("<testsuite name=\"nsm scenarios\" tests=\"2\" failures=\"1\""), xml);
    assertTrue(xml.contains("name=\"passes\" time=\""), xml);
    assertTrue(xml.contains("<failure message=\"expected no alert rule=auth-failures, got "), xml);
    assertFalse(xml.contains("name=\"passes\" time=\"0.000\"><failure"), xml);
  }

  @Test
  void boundariesPassForTheDefaultRulesetWithALinePerCaseAndJUnitXml() throws IOException {
    Path junit = dir.resolve("boundaries.xml");

    Cli.Result result = Cli.run("test", "--boundaries", "--junit", junit.toString());

    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(
        result
            .out()
            .contains(
                "PASS port-scan at (15 distinct dst_port within 1m: one alert at the 15th)\n"),
        result.toString());
    assertTrue(
        result.out().contains("SKIP multi-pattern-source: declares no @counts\n"),
        result.toString());
    assertTrue(result.out().endsWith("35 passed, 0 failed, 4 skipped\n"), result.toString());
    String xml = Files.readString(junit);
    assertTrue(
        xml.contains(
            "<testsuite name=\"nsm boundaries\" tests=\"39\" failures=\"0\" errors=\"0\""
                + " skipped=\"4\""),
        xml);
    assertTrue(xml.contains("<testcase classname=\"port-scan\" name=\"duplicate\""), xml);
  }

  @Test
  void boundariesFailABrokenRuleWithExitOneAndSayWhatWasExpected() throws IOException {
    Path rules = copyOfDefaultRules();
    Path rule = rules.resolve("high-frequency.drl");
    String text = Files.readString(rule);
    assertTrue(text.contains("${high-frequency.window}"));
    Files.writeString(rule, text.replace("${high-frequency.window}", "2s"));

    Cli.Result result = Cli.run("test", "--boundaries", "--rules", rules.toString());

    assertEquals(1, result.exitCode(), result.toString());
    assertTrue(
        result
            .out()
            .contains(
                "FAIL high-frequency window-outside (6 connections, the first exactly 1s before"
                    + " the last: no alert)\n"
                    + "    expected no alert; got 1 alert: 198.51.100.1 at +1.000s (the 6th)"
                    + " count 6\n"),
        result.toString());
    assertTrue(result.out().endsWith("34 passed, 1 failed, 4 skipped\n"), result.toString());
  }

  @Test
  void boundariesRefuseUnknownMetadataWithItsPositionAndExitTwo() throws IOException {
    Path rules = copyOfDefaultRules();
    Path rule = rules.resolve("port-scan.drl");
    String text = Files.readString(rule);
    assertTrue(text.contains("@distinct(\"dst_port\")"));
    Files.writeString(rule, text.replace("@distinct(\"dst_port\")", "@distinct(\"dst_prot\")"));
    int line = lineOf(Files.readString(rule), "@distinct(");

    Cli.Result result = Cli.run("test", "--boundaries", "--rules", rules.toString());

    assertEquals(2, result.exitCode(), result.toString());
    assertTrue(
        result
            .err()
            .contains(
                rule
                    + ":"
                    + line
                    + ":16: error: rule 'Port scan of one host': @distinct(\"dst_prot\"): unknown"
                    + " field for connections (expected one of src_port, dst_ip, dst_port) (did"
                    + " you mean 'dst_port'?)"),
        result.toString());
  }

  @Test
  void boundariesAndScenarioOptionsAreNotMixed() {
    Cli.Result both = Cli.run("test", "--boundaries", "examples/scenarios");
    Cli.Result neither = Cli.run("test");

    assertEquals(2, both.exitCode(), both.toString());
    assertTrue(both.err().contains("--boundaries takes no scenario directories"), both.toString());
    assertEquals(2, neither.exitCode(), neither.toString());
    assertTrue(
        neither.err().contains("give the directories holding scenarios, or --boundaries"),
        neither.toString());
  }

  @Test
  void aSitePolicyShowsWhichScenariosAThresholdChangeBreaks() throws IOException {
    Path site =
        Files.writeString(
            dir.resolve("site.yaml"),
            "schema_version: 1\ndetections:\n  port-scan:\n    min_count: 2000\n");

    Cli.Result result =
        Cli.run(
            "test",
            "--policy",
            site.toString(),
            "examples/scenarios/port-scan",
            "examples/scenarios/syn-flood");

    assertEquals(1, result.exitCode(), result.toString());
    assertTrue(
        result.out().contains("FAIL nmap SYN scan of the top 1000 ports"), result.toString());
    assertTrue(
        result.out().contains("near miss: 198.51.100.23: 1000 of 2000 in 1m"), result.toString());
    assertTrue(
        result.out().contains("PASS SYN flood against one web server port"), result.toString());
  }

  private Path copyOfDefaultRules() throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    try (Stream<Path> files = Files.list(Path.of("rules/default"))) {
      for (Path file : files.toList()) {
        Files.copy(file, rules.resolve(file.getFileName()));
      }
    }
    return rules;
  }

  private static int lineOf(String text, String needle) {
    return (int) text.substring(0, text.indexOf(needle)).chars().filter(c -> c == '\n').count() + 1;
  }

  private static Path scenario(Path directory, String yaml) throws IOException {
    Files.createDirectories(directory);
    Files.copy(FTP_CAPTURE, directory.resolve("capture.pcap"));
    return Files.writeString(directory.resolve("scenario.yaml"), yaml);
  }
}
