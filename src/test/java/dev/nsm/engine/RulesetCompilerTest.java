package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Severity;
import dev.nsm.policy.Diagnostic;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesetCompilerTest {

  @TempDir Path dir;

  private static final String HEADER =
      """
      package nsm.rules;
      import dev.nsm.event.Connection;
      import dev.nsm.policy.Detection;
      global dev.nsm.engine.AlertRaiser alerts;
      """;

  private static final String GOOD_RULE =
      """
      rule "Any connection"
          @id("any") @severity("low")
      when
          $d : Detection(id == "any", enabled)
          $c : Connection(alerts.admits($d, this)) over window:time(1ms) from entry-point "connections"
      then
          alerts.raise(drools, $d, 1, java.util.List.of($c), "seen");
      end
      """;

  private List<Diagnostic> errorsOf(Map<String, String> files) throws Exception {
    for (var file : files.entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue());
    }
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> RulesetCompiler.compile(Ruleset.load(dir), new PolicyLoader().loadDefault()));
    return e.diagnostics().stream().filter(Diagnostic::isError).toList();
  }

  @Test
  void theBundledRulesetCompilesWithEveryRuleDescribed() throws Exception {
    CompiledRuleset rules = RuleHarness.compile();
    assertEquals(
        List.of(
            "auth-failures",
            "brute-force-success",
            "high-frequency",
            "multi-pattern-source",
            "port-scan",
            "port-sweep",
            "unusual-port"),
        rules.rules().stream().map(RuleInfo::id).sorted().toList());
    assertEquals(Severity.CRITICAL, rules.rule("brute-force-success").severity());
    assertTrue(rules.rule("port-scan").tags().contains("T1046"));
    assertTrue(rules.warnings().stream().noneMatch(Diagnostic::isError));
  }

  @Test
  void aSyntaxErrorNamesTheFileAndLine() throws Exception {
    String broken = HEADER + GOOD_RULE.replace("Connection(alerts", "Connection((alerts");
    List<Diagnostic> errors = errorsOf(Map.of("broken.drl", broken));
    assertTrue(!errors.isEmpty());
    Diagnostic first = errors.get(0);
    assertTrue(first.path().endsWith("broken.drl"), first.toString());
    assertEquals(9, first.line(), first.toString());
    assertTrue(first.toString().matches(".*broken\\.drl:\\d+:\\d+: error: .*"), first.toString());
  }

  @Test
  void aMissingParenthesisInAShippedRuleIsReportedOnceAtItsLineAndColumn() throws Exception {
    String text = Files.readString(Path.of("rules/default/port-scan.drl"));
    String broken = text.replace("$d.minCount())", "$d.minCount()");
    List<Diagnostic> errors = errorsOf(Map.of("port-scan.drl", broken));
    assertEquals(1, errors.size(), errors.toString());
    List<String> lines = broken.lines().toList();
    int thenLine = lines.indexOf("then") + 1;
    assertEquals(thenLine, errors.get(0).line());
    assertEquals(1, errors.get(0).column());
    assertTrue(errors.get(0).message().startsWith("mismatched input 'then'"), errors.toString());
  }

  @Test
  void errorsInSeveralFilesAreAllReportedAtOnce() throws Exception {
    String noId = HEADER + GOOD_RULE.replace("@id(\"any\") ", "");
    String badSeverity =
        HEADER
            + GOOD_RULE
                .replace("\"any\"", "\"other\"")
                .replace("\"low\"", "\"urgent\"")
                .replace("Any connection", "Other");
    List<Diagnostic> errors = errorsOf(Map.of("a.drl", noId, "b.drl", badSeverity));
    assertEquals(2, errors.size(), errors.toString());
    assertTrue(
        errors.get(0).toString().startsWith(dir.resolve("a.drl") + ":5:1: error:"),
        errors.get(0).toString());
    assertTrue(errors.get(0).message().contains("has no @id"));
    assertTrue(errors.get(1).message().contains("@severity(\"urgent\")"));
  }

  @Test
  void duplicateRuleIdsAreRefused() throws Exception {
    List<Diagnostic> errors =
        errorsOf(
            Map.of(
                "a.drl",
                HEADER + GOOD_RULE,
                "b.drl",
                HEADER + GOOD_RULE.replace("Any connection", "Another")));
    assertTrue(
        errors.stream().anyMatch(d -> d.message().contains("duplicate @id(\"any\")")),
        errors.toString());
  }

  @Test
  void anUnknownPlaceholderKeyPointsAtItsColumn() throws Exception {
    String rule =
        HEADER + GOOD_RULE.replace("over window:time(1ms)", "over window:time(${any.windw})");
    List<Diagnostic> errors = errorsOf(Map.of("p.drl", rule));
    Diagnostic d = errors.get(0);
    assertEquals(9, d.line());
    assertEquals(rule.split("\n")[8].indexOf("${") + 1, d.column());
    assertTrue(d.message().contains("'windw' is not a duration key"), d.message());
  }

  @Test
  void placeholdersKeepColumnsSoLaterErrorsStillPointIntoTheFile() throws Exception {
    String rule =
        HEADER
            + GOOD_RULE.replace(
                "over window:time(1ms) from entry-point \"connections\"",
                "over window:time(${any.window}) from entry-point \"connections\" ))");
    List<Diagnostic> errors = errorsOf(Map.of("c.drl", rule));
    assertTrue(errors.stream().anyMatch(d -> d.line() == 9), errors.toString());
  }

  @Test
  void emptyDirectoryIsNotARuleset() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Ruleset.load(dir));
    assertTrue(e.getMessage().contains("no .drl files"), e.getMessage());
  }

  @Test
  void expiryFollowsTheLongestWindowOverEachFactType() throws Exception {
    CompiledRuleset rules = RuleHarness.compile();
    assertEquals(300_000L, rules.expiryMillis().get("Connection"));
    assertEquals(600_000L, rules.expiryMillis().get("AuthAttempt"));
    assertEquals(3_600_000L, rules.expiryMillis().get("Alert"));
    CompiledRuleset longer = RuleHarness.compile("detections:\n  port-sweep:\n    window: 20m\n");
    assertEquals(1_200_000L, longer.expiryMillis().get("Connection"));
  }

  @Test
  void aRuleSwitchedOffInThePolicyIsListedButLeftOutOfTheNetwork() throws Exception {
    CompiledRuleset rules = RuleHarness.compile("detections:\n  port-sweep:\n    enabled: false\n");
    assertEquals("port-sweep", rules.rule("port-sweep").id());
    Set<Object> compiled =
        rules.kieBase().getKiePackages().stream()
            .flatMap(p -> p.getRules().stream())
            .map(r -> r.getMetaData().get("id"))
            .collect(Collectors.toSet());
    assertFalse(compiled.contains("port-sweep"), compiled.toString());
    assertTrue(compiled.contains("port-scan"), compiled.toString());
    // Its five-minute window no longer keeps connections: port-scan's and unusual-port's do.
    assertEquals(60_000L, rules.expiryMillis().get("Connection"));
  }
}
