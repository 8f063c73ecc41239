package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.event.Alert;
import dev.nsm.event.Transport;
import dev.nsm.policy.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which rulesets may be sharded by source, and what the monitor does with one that may not. */
class ShardedSessionsTest {

  @TempDir Path dir;

  private List<Alert> run(String scope, int shards) throws Exception {
    Files.writeString(dir.resolve("distributed.drl"), CrossSourceRule.text(scope, 8));
    List<Alert> alerts = new ArrayList<>();
    try (NetworkSecurityMonitor monitor =
        NetworkSecurityMonitor.builder()
            .rules(dir)
            .log(null)
            .alerts(null)
            .shards(shards)
            .onAlert(alerts::add)
            .build()) {
      assertEquals(scope.equals("all-sources") ? 1 : shards, monitor.shards());
      for (int i = 0; i < 8; i++) {
        monitor.monitorConnection(
            "198.51.100." + (i + 1),
            40000,
            "192.0.2.1",
            22,
            Transport.TCP,
            Instant.parse("2026-11-25T09:00:00Z").plusMillis(100L * i));
      }
      monitor.generateReport();
    }
    return alerts;
  }

  @Test
  void theDefaultRulesetCanBeSharded() throws Exception {
    assertTrue(RuleHarness.compile().shardable());
    assertTrue(RuleHarness.compile().rules().stream().noneMatch(RuleInfo::comparesSources));
  }

  @Test
  void aRuleComparingSourcesKeepsItsRulesetInOneSession() throws Exception {
    assertEquals(1, run("all-sources", 4).size(), "eight sources seen by one session");
    assertFalse(NetworkSecurityMonitor.compile(dir, List.of()).shardable());
    // What the declaration prevents: sharded, no session sees all eight sources.
    assertTrue(run("source", 4).isEmpty());
    assertTrue(NetworkSecurityMonitor.compile(dir, List.of()).shardable());
  }

  @Test
  void aHeartbeatDeliversTheAlertsOfFactsAlreadyHandedToTheShards() throws Exception {
    List<Alert> alerts = new ArrayList<>();
    try (NetworkSecurityMonitor monitor =
        NetworkSecurityMonitor.builder()
            .log(null)
            .alerts(null)
            .shards(2)
            .onAlert(alerts::add)
            .build()) {
      Instant start = Instant.parse("2026-11-25T09:00:00Z");
      for (int i = 0; i < 7; i++) {
        monitor.monitorConnection("198.51.100.7", 80, start.plusMillis(100L * i));
      }
      // The sixth crossed the threshold; its batch went to a shard when the seventh came.
      monitor.advanceTo(start.plusSeconds(1));
      assertEquals(List.of("high-frequency"), alerts.stream().map(Alert::ruleId).toList());
    }
  }

  @Test
  void anUnknownScopeIsAnErrorNamingFileLineAndTheChoices() throws Exception {
    Files.writeString(dir.resolve("distributed.drl"), CrossSourceRule.text("everything", 8));
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> NetworkSecurityMonitor.compile(dir, List.of()));
    assertTrue(e.getMessage().contains("distributed.drl:6:"), e.getMessage());
    assertTrue(
        e.getMessage().contains("@scope(\"everything\") (expected \"source\" or \"all-sources\")"),
        e.getMessage());
  }
}
