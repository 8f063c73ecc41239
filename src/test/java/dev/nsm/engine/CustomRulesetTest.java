package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Alert;
import dev.nsm.event.Connection;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;
import dev.nsm.event.Transport;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staff write their own rules with their own policy keys; nsm validates and fills them. */
class CustomRulesetTest {

  @TempDir Path dir;

  private static final String SCHEMA =
      """
      schema_version: 1
      detections:
        telnet-use:
          lookback: {type: duration, default: 30s}
          max_sessions: {type: integer, min: 1, default: 3}
      """;

  private static final String RULE =
      """
      package site.rules;
      import dev.nsm.event.Connection;
      import dev.nsm.policy.Detection;
      global dev.nsm.engine.AlertRaiser alerts;

      // Detects: telnet sessions, a cleartext protocol this site has retired.
      rule "Telnet in use"
          @id("telnet-use") @severity("medium")
      when
          $d : Detection(id == "telnet-use", enabled)
          $c : Connection($src : source, dstPort == 23, alerts.admits($d, this))
               over window:time(1ms) from entry-point "connections"
          accumulate(
              $e : Connection(source == $src, dstPort == 23)
                   over window:time(${telnet-use.lookback}) from entry-point "connections";
              $n : count($e), $facts : collectList($e);
              $n >= $d.integer("max_sessions"))
      then
          alerts.raise(drools, $d, $n, $facts, $n + " telnet sessions");
      end
      """;

  private List<Alert> run(String sitePolicy, long... offsetsMillis) throws Exception {
    Files.writeString(dir.resolve("telnet.drl"), RULE);
    Files.writeString(dir.resolve("policy-schema.yaml"), SCHEMA);
    Ruleset ruleset = Ruleset.load(dir);
    Path site = Files.writeString(Files.createTempFile(dir, "site", ".yaml"), sitePolicy);
    CompiledRuleset rules =
        RulesetCompiler.compile(ruleset, new PolicyLoader(ruleset.schema()).load(List.of(site)));
    List<Alert> alerts = new ArrayList<>();
    StreamSession session =
        new StreamSession(
            rules,
            new EngineListener() {
              @Override
              public void onAlert(Alert alert) {
                alerts.add(alert);
              }

              @Override
              public void onSuppressed(String ruleId, String source) {}

              @Override
              public void onLate(Fact fact) {}
            });
    for (long offset : offsetsMillis) {
      session.insert(
          Connection.of(
              (RuleHarness.BASE_MILLIS + offset) * 1000,
              "192.0.2.9",
              50000,
              "192.0.2.1",
              23,
              Transport.TCP,
              Origin.call(offset)));
    }
    session.close();
    return alerts;
  }

  @Test
  void customKeysDefaultFromTheSchema() throws Exception {
    assertEquals(1, run("schema_version: 1\n", 0, 10_000, 20_000).size());
    assertTrue(run("schema_version: 1\n", 0, 10_000, 31_000).isEmpty(), "lookback is 30 s");
  }

  @Test
  void aSitePolicyTunesCustomKeysWithoutTouchingTheRule() throws Exception {
    String site =
        "schema_version: 1\ndetections:\n  telnet-use:\n    lookback: 1m\n    max_sessions: 2\n";
    List<Alert> alerts = run(site, 0, 50_000);
    assertEquals(1, alerts.size());
    assertEquals(2, alerts.get(0).evidence().count());
  }

  @Test
  void anUndeclaredKeyIsAnErrorWithAHint() {
    String site = "schema_version: 1\ndetections:\n  telnet-use:\n    max_sesions: 2\n";
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> run(site, 0));
    assertTrue(e.getMessage().contains("did you mean 'max_sessions'"), e.getMessage());
  }

  @Test
  void expiryFollowsACustomDurationUsedAsAWindow() throws Exception {
    Files.writeString(dir.resolve("telnet.drl"), RULE);
    Files.writeString(dir.resolve("policy-schema.yaml"), SCHEMA);
    Ruleset ruleset = Ruleset.load(dir);
    CompiledRuleset rules =
        RulesetCompiler.compile(
            ruleset,
            new PolicyLoader(ruleset.schema())
                .load(
                    PolicyLoader.defaultText(),
                    new dev.nsm.policy.PolicyText(
                        "site.yaml",
                        "schema_version: 1\ndetections:\n  telnet-use:\n    lookback: 2h\n")));
    assertEquals(7_200_000L, rules.expiryMillis().get("Connection"));
  }
}
