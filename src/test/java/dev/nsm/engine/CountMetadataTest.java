package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.engine.CountedFacts.Field;
import dev.nsm.engine.CountedFacts.Kind;
import dev.nsm.policy.Diagnostic;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountMetadataTest {

  @TempDir Path dir;

  /** A rule with the metadata lines given, one per line from line 7 of its file. */
  private static String rule(String... metadata) {
    return """
        package nsm.rules;
        import dev.nsm.event.Connection;
        import dev.nsm.policy.Detection;
        global dev.nsm.engine.AlertRaiser alerts;
        rule "Any connection"
            @id("any") @severity("low")
        %s
        when
            $d : Detection(id == "any", enabled)
            $c : Connection(alerts.admits($d, this)) over window:time(1ms) from entry-point "connections"
        then
            alerts.raise(drools, $d, 1, java.util.List.of($c), "seen");
        end
        """
        .formatted(String.join("\n", metadata));
  }

  private List<Diagnostic> errorsOf(String drl) throws Exception {
    Files.writeString(dir.resolve("any.drl"), drl);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> RulesetCompiler.compile(Ruleset.load(dir), new PolicyLoader().loadDefault()));
    return e.diagnostics().stream().filter(Diagnostic::isError).toList();
  }

  private CountedFacts countsOf(String drl) throws Exception {
    Files.writeString(dir.resolve("any.drl"), drl);
    return RulesetCompiler.compile(Ruleset.load(dir), new PolicyLoader().loadDefault())
        .rule("any")
        .counts();
  }

  @Test
  void theBundledRulesDeclareWhatTheyCount() throws Exception {
    CompiledRuleset rules = RuleHarness.compile();
    CountedFacts scan = rules.rule("port-scan").counts();
    assertEquals(Kind.CONNECTIONS, scan.kind());
    assertEquals(Field.DST_PORT, scan.distinct());
    CountedFacts unusual = rules.rule("unusual-port").counts();
    assertEquals(Map.of(Field.DST_IP, "home", Field.DST_PORT, "unusual"), unusual.sample());
    CountedFacts success = rules.rule("brute-force-success").counts();
    assertEquals(Kind.AUTH_ATTEMPTS, success.kind());
    assertEquals(Map.of(Field.OUTCOME, "success"), success.trigger());
    assertNull(rules.rule("multi-pattern-source").counts(), "it counts alerts, not facts");
  }

  @Test
  void readsEveryDeclaration() throws Exception {
    CountedFacts counts =
        countsOf(
            rule(
                "    @counts(\"connections\")",
                "    @distinct( \"dst_ip\" )",
                "    @sample(\"dst_port=445  transport=tcp\")"));
    assertEquals(Kind.CONNECTIONS, counts.kind());
    assertEquals(Field.DST_IP, counts.distinct());
    assertEquals(Map.of(Field.DST_PORT, "445", Field.TRANSPORT, "tcp"), counts.sample());
    assertTrue(counts.trigger().isEmpty());
  }

  @Test
  void anUnknownFieldIsAnErrorAtItsPositionWithAHint() throws Exception {
    List<Diagnostic> errors =
        errorsOf(rule("    @counts(\"connections\") @sample(\"dst_ip=home dts_port=unusual\")"));
    assertEquals(1, errors.size(), errors.toString());
    assertEquals(
        dir.resolve("any.drl")
            + ":7:49: error: rule 'Any connection': @sample: unknown field 'dts_port' for"
            + " connections (expected one of src_port, dst_ip, dst_port, transport) (did you mean"
            + " 'dst_port'?)",
        errors.get(0).toString());
  }

  @Test
  void anUnknownSymbolIsAnErrorNamingWhatIsExpected() throws Exception {
    List<Diagnostic> errors =
        errorsOf(rule("    @counts(\"connections\")", "    @sample(\"dst_port=unusal\")"));
    assertEquals(1, errors.size(), errors.toString());
    assertEquals(8, errors.get(0).line());
    assertTrue(
        errors
            .get(0)
            .message()
            .endsWith(
                "@sample: unknown value 'unusal' for dst_port, expected a port 0-65535, or"
                    + " unusual: a port not in standard_ports (did you mean 'unusual'?)"),
        errors.toString());
  }

  @Test
  void anUnknownEntryPointOrAFieldOfTheOtherKindIsAnError() throws Exception {
    assertTrue(
        errorsOf(rule("    @counts(\"connection\")"))
            .get(0)
            .message()
            .endsWith(
                "@counts(\"connection\"): unknown entry point (expected connections or"
                    + " auth-attempts) (did you mean 'connections'?)"));
    assertTrue(
        errorsOf(rule("    @counts(\"connections\") @sample(\"outcome=failure\")"))
            .get(0)
            .message()
            .contains("unknown field 'outcome' for connections"));
  }

  @Test
  void companionsWithoutCountsAndContradictionsAreErrors() throws Exception {
    assertTrue(
        errorsOf(rule("    @distinct(\"dst_port\")"))
            .get(0)
            .message()
            .contains("@distinct needs @counts(\"connections\") or @counts(\"auth-attempts\")"));
    assertTrue(
        errorsOf(
                rule(
                    "    @counts(\"connections\") @distinct(\"dst_port\")"
                        + " @sample(\"dst_port=22\")"))
            .get(0)
            .message()
            .contains("distinct values cannot all be one value"));
    assertTrue(
        errorsOf(
                rule(
                    "    @counts(\"auth-attempts\") @sample(\"outcome=failure\")"
                        + " @trigger(\"outcome=failure\")"))
            .get(0)
            .message()
            .contains("@trigger changes nothing of the sample"));
    assertTrue(
        errorsOf(rule("    @counts(\"auth-attempts\") @trigger(\"outcome=success\")"))
            .get(0)
            .message()
            .contains("@trigger sets outcome, which @sample does not"));
    assertTrue(
        errorsOf(rule("    @counts(\"connections\") @distinct(\"transport\")"))
            .get(0)
            .message()
            .contains("too few values to count distinct ones"));
  }
}
