package dev.nsm.scenario.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.engine.CompiledRuleset;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.scenario.boundary.BoundaryResult.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boundary checks pass the shipped rules and catch the mistakes they are for: each broken copy
 * of a rule fails the case that covers its mistake.
 */
class BoundaryCheckerTest {

  @TempDir Path dir;

  @Test
  void theDefaultRulesetPassesEveryCase() throws Exception {
    List<BoundaryResult> results = BoundaryChecker.check(compile(null));

    assertTrue(results.stream().noneMatch(r -> r.status() == Status.FAIL), lines(results));
    assertEquals(35, results.stream().filter(r -> r.status() == Status.PASS).count());
    assertTrue(
        lines(results)
            .contains("PASS port-scan at (15 distinct dst_port within 1m: one alert at the 15th)"),
        lines(results));
    assertTrue(
        lines(results)
            .contains("PASS high-frequency over (7 connections within 1s: one alert at the 6th)"),
        lines(results));
    assertTrue(
        lines(results)
            .contains(
                "PASS brute-force-success window-outside (5 auth attempts, then outcome=success,"
                    + " the first exactly 10m before the trigger: no alert)"),
        lines(results));
    assertTrue(
        lines(results).contains("SKIP multi-pattern-source: declares no @counts"), lines(results));
    assertTrue(
        lines(results).contains("SKIP unusual-port under: min_count is 1: no count is under it"),
        lines(results));
  }

  @Test
  void anOffByOneThresholdFailsAtTheThresholdAndSaysWhatHappened() throws Exception {
    Path rules = rulesWith("high-frequency.drl", ">= $d.minCount()", "> $d.minCount()");

    Map<String, BoundaryResult> cases = cases(compile(rules), "high-frequency");

    assertEquals(Status.PASS, cases.get("under").status());
    assertEquals(Status.FAIL, cases.get("at").status());
    assertEquals(
        List.of("expected 1 alert: 198.51.100.1 at +0.380s (the 6th) count 6; got no alert"),
        cases.get("at").problems());
    assertEquals(
        List.of(
            "expected 1 alert: 198.51.100.1 at +0.380s (the 6th) count 6;"
                + " got 1 alert: 198.51.100.1 at +0.456s (the 7th) count 7"),
        cases.get("over").problems());
    assertEquals(Status.FAIL, cases.get("window-inside").status());
    assertEquals(Status.PASS, cases.get("window-outside").status());
  }

  @Test
  void aLongerLiteralWindowFailsOnlyTheOutsideEdge() throws Exception {
    Path rules = rulesWith("high-frequency.drl", "${high-frequency.window}", "1001ms");

    Map<String, BoundaryResult> cases = cases(compile(rules), "high-frequency");

    assertEquals(
        List.of("window-outside"),
        cases.values().stream()
            .filter(r -> r.status() == Status.FAIL)
            .map(BoundaryResult::caseName)
            .toList());
    assertEquals(
        List.of("expected no alert; got 1 alert: 198.51.100.1 at +1.000s (the 6th) count 6"),
        cases.get("window-outside").problems());
  }

  @Test
  void aShorterLiteralWindowFailsTheInsideEdge() throws Exception {
    Path rules = rulesWith("port-scan.drl", "${port-scan.window}", "59999ms");

    Map<String, BoundaryResult> cases = cases(compile(rules), "port-scan");

    assertEquals(Status.FAIL, cases.get("window-inside").status());
    assertEquals(Status.PASS, cases.get("window-outside").status());
    assertEquals(Status.PASS, cases.get("at").status());
  }

  @Test
  void countingFactsInsteadOfDistinctValuesFailsTheDuplicateCase() throws Exception {
    Path rules = rulesWith("port-scan.drl", "collectSet($port)", "collectList($port)");

    Map<String, BoundaryResult> cases = cases(compile(rules), "port-scan");

    assertEquals(Status.FAIL, cases.get("duplicate").status());
    assertEquals(Status.PASS, cases.get("at").status());
  }

  @Test
  void forgettingToGroupBySourceFailsTheInterleavedCaseAndNamesTheForeignEvidence()
      throws Exception {
    Path rules =
        rulesWith(
            "auth-failures.drl", "AuthAttempt(source == $src, outcome", "AuthAttempt(outcome");

    Map<String, BoundaryResult> cases = cases(compile(rules), "auth-failures");

    BoundaryResult interleaved = cases.get("interleaved");
    assertEquals(Status.FAIL, interleaved.status());
    assertTrue(
        interleaved.problems().stream()
            .anyMatch(
                p ->
                    p.startsWith("4 auth attempts each: expected no alert; got 2 alerts: ")
                        && p.contains("(the 3rd)")),
        interleaved.problems().toString());
    assertTrue(
        interleaved.problems().stream()
            .anyMatch(
                p ->
                    p.contains(
                        "the alert for 198.51.100.1 at +109.088s lists facts of 198.51.100.2 as"
                            + " its evidence")),
        interleaved.problems().toString());
  }

  @Test
  void aTriggeredRuleIsJudgedAtItsTrigger() throws Exception {
    Path rules = rulesWith("brute-force-success.drl", ">= $d.minCount()", "> $d.minCount()");

    Map<String, BoundaryResult> cases = cases(compile(rules), "brute-force-success");

    assertEquals(Status.FAIL, cases.get("at").status());
    assertTrue(
        cases.get("at").problems().get(0).startsWith("expected 1 alert: 198.51.100.1 at "),
        cases.get("at").problems().toString());
    assertTrue(cases.get("at").problems().get(0).contains("(the trigger) count 5; got no alert"));
    assertEquals(Status.PASS, cases.get("over").status(), "6 failures exceed 5 either way");
  }

  @Test
  void thePolicyInForceSetsTheCasesAndItsWindowIsTheOneChecked() throws Exception {
    Path policy =
        Files.writeString(
            dir.resolve("site.yaml"),
            """
            schema_version: 1
            detections:
              high-frequency: {min_count: 3, window: 10s, suppress_for: 100ms}
            """);
    // A rule whose window is the default's as a literal passes under the default policy only.
    Path literal = rulesWith("high-frequency.drl", "${high-frequency.window}", "1s");

    Map<String, BoundaryResult> tuned = cases(compile(null, policy), "high-frequency");
    Map<String, BoundaryResult> literalDefault = cases(compile(literal), "high-frequency");
    Map<String, BoundaryResult> literalTuned = cases(compile(literal, policy), "high-frequency");

    assertTrue(tuned.values().stream().allMatch(r -> r.status() == Status.PASS), tuned.toString());
    assertEquals("3 connections within 10s: one alert at the 3rd", tuned.get("at").description());
    assertEquals(
        "4 connections within 10s: alerts at the 3rd and the 4th",
        tuned.get("over").description(),
        "the facts are further apart than suppress_for");
    assertTrue(literalDefault.values().stream().allMatch(r -> r.status() == Status.PASS));
    assertEquals(Status.FAIL, literalTuned.get("window-inside").status());
  }

  @Test
  void samplesFollowThePolicysHomeNetworksAndStandardPorts() throws Exception {
    Path policy =
        Files.writeString(
            dir.resolve("site.yaml"),
            """
            schema_version: 1
            home_networks: [10.1.2.0/24]
            standard_ports: {tcp: [22, 1024-2000]}
            allow: [198.51.100.0/24]
            detections:
              unusual-port: {min_count: 2, transports: [tcp]}
            """);

    CompiledRuleset compiled = compile(null, policy);
    List<BoundaryResult> results = BoundaryChecker.check(compiled);

    assertTrue(results.stream().noneMatch(r -> r.status() == Status.FAIL), lines(results));
    assertEquals(Status.PASS, cases(compiled, "unusual-port").get("under").status());
  }

  @Test
  void aDisabledRuleIsSkippedNotFailed() throws Exception {
    Path policy =
        Files.writeString(
            dir.resolve("site.yaml"),
            "schema_version: 1\ndetections:\n  port-sweep: {enabled: false}\n");

    Map<String, BoundaryResult> cases = cases(compile(null, policy), "port-sweep");

    assertEquals(List.of(""), List.copyOf(cases.keySet()));
    assertEquals("SKIP port-sweep: disabled by the policy", cases.get("").line());
  }

  private CompiledRuleset compile(Path rules, Path... policies) throws InvalidInputException {
    return NetworkSecurityMonitor.compile(rules, List.of(policies));
  }

  /** A copy of the default ruleset with one edit, which must apply. */
  private Path rulesWith(String file, String from, String to) throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    try (Stream<Path> files = Files.list(Path.of("rules/default"))) {
      for (Path source : files.toList()) {
        Files.copy(source, rules.resolve(source.getFileName()));
      }
    }
    Path edited = rules.resolve(file);
    String text = Files.readString(edited);
    assertTrue(text.contains(from), file + " no longer contains " + from);
    String changed = text.replace(from, to);
    assertNotEquals(text, changed);
    Files.writeString(edited, changed);
    return rules;
  }

  private static Map<String, BoundaryResult> cases(CompiledRuleset ruleset, String ruleId) {
    Map<String, BoundaryResult> cases = new LinkedHashMap<>();
    for (BoundaryResult result : BoundaryChecker.check(ruleset, ruleset.rule(ruleId))) {
      cases.put(result.caseName(), result);
    }
    return cases;
  }

  private static String lines(List<BoundaryResult> results) {
    StringBuilder text = new StringBuilder();
    for (BoundaryResult result : results) {
      text.append(result.line()).append('\n');
      result.problems().forEach(p -> text.append("    ").append(p).append('\n'));
    }
    return text.toString();
  }
}
