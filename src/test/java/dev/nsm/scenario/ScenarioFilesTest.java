package dev.nsm.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.policy.Diagnostic;
import dev.nsm.policy.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a scenario file may say, and what nsm refuses because it would test nothing. */
class ScenarioFilesTest {

  private static final Path FTP_CAPTURE =
      Path.of("src/test/resources/captures/ftp_bruteforce.pcap");

  @TempDir Path dir;

  @Test
  void aSourceThatIsNotAnAddressIsAnErrorAtItsPosition() throws IOException {
    Path file =
        scenario(
            """
            inputs: {pcap: [capture.pcap]}
            expect_none:
              - source: 198.51.100.300
            """);

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> load(file));

    assertEquals(
        List.of(
            file
                + ":3:13: error: expect_none[0].source: '198.51.100.300' is not an IP address or"
                + " CIDR network (expected e.g. 198.51.100.7 or 198.51.100.0/24)"),
        messages(e));
  }

  @Test
  void addressesAreReadCanonicallyAndNetworksKept() throws Exception {
    Path file =
        scenario(
            """
            inputs: {pcap: [capture.pcap]}
            expect_none:
              - source: 2001:DB8:0::0:1
              - destination: 203.0.113.0/24
            """);

    Scenario scenario = load(file);

    assertEquals("2001:db8::1", scenario.expectNone().get(0).source());
    assertEquals("203.0.113.0/24", scenario.expectNone().get(1).destination());
  }

  @Test
  void aRuleIdNotInTheRulesetIsAnErrorWithAHint() throws Exception {
    Path file =
        scenario(
            """
            inputs: {pcap: [capture.pcap]}
            expect:
              - rule: auth-failures
            expect_none:
              - rule: port-scn
            expect_report:
              alerts_by_rule: {brute-force: 1}
            """);
    Scenario scenario = load(file);

    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> ScenarioRunner.run(scenario, false));

    assertEquals(
        List.of(
            file
                + ":5:11: error: no rule 'port-scn' in ruleset rules/default (did you mean 'port-scan'?)",
            file + ":7:20: error: no rule 'brute-force' in ruleset rules/default"),
        messages(e));
  }

  @Test
  void updateWritesAGeneratedHeaderThatTheComparisonSkips() throws Exception {
    Path file = scenario("inputs: {pcap: [capture.pcap]}\n");
    Scenario scenario = load(file);

    ScenarioResult updated = ScenarioRunner.run(scenario, true);
    List<String> golden = Files.readAllLines(scenario.expectedAlertsFile());
    ScenarioResult compared = ScenarioRunner.run(scenario, false);

    assertTrue(updated.passed(), updated.differences().toString());
    assertEquals(GoldenAlerts.HEADER, golden.get(0));
    assertTrue(golden.get(0).contains("do not edit by hand"), golden.get(0));
    assertTrue(golden.size() > 1, golden.toString());
    assertTrue(compared.passed(), compared.differences().toString());
  }

  private Path scenario(String text) throws IOException {
    Files.copy(FTP_CAPTURE, dir.resolve("capture.pcap"));
    return Files.writeString(dir.resolve(Scenario.FILE_NAME), text);
  }

  private static Scenario load(Path file) throws Exception {
    return ScenarioLoader.load(file);
  }

  private static List<String> messages(InvalidInputException e) {
    return e.diagnostics().stream().map(Diagnostic::toString).toList();
  }
}
