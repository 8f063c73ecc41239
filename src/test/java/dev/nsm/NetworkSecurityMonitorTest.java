package dev.nsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Alert;
import dev.nsm.event.Transport;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.report.SecurityReport;
import dev.nsm.report.SourceSummary;
import dev.nsm.source.EventsFileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkSecurityMonitorTest {

  private static final Path MIXED = Path.of("examples/mixed-4min/events.jsonl");
  private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

  @TempDir Path dir;

  private NetworkSecurityMonitor.Builder quiet(List<Alert> alerts) {
    return NetworkSecurityMonitor.builder()
        .log(dir.resolve("security_monitor.log"))
        .alerts(dir.resolve("alerts.jsonl"))
        .onAlert(alerts::add);
  }

  @Test
  void oneCompiledRulesetServesMonitorsWithSessionsOfTheirOwn() throws Exception {
    var compiled = NetworkSecurityMonitor.compile(null, List.of());
    List<Alert> first = new ArrayList<>();
    List<Alert> second = new ArrayList<>();
    try (var a = quiet(first).compiled(compiled).log(null).alerts(null).build();
        var b =
            NetworkSecurityMonitor.builder()
                .compiled(compiled)
                .log(null)
                .alerts(null)
                .onAlert(second::add)
                .build()) {
      for (int i = 0; i < 5; i++) {
        a.monitorAuthAttempt("198.51.100.9", "ssh", "root", false, T0.plusSeconds(i));
      }
      b.monitorAuthAttempt("198.51.100.9", "ssh", "root", false, T0);
      assertEquals(compiled, a.rules());
    }
    assertEquals(List.of("auth-failures"), first.stream().map(Alert::ruleId).toList());
    assertTrue(second.isEmpty(), "the other monitor saw one failure only");
    assertThrows(
        IllegalStateException.class,
        () -> NetworkSecurityMonitor.builder().compiled(compiled).rules(dir).build());
  }

  @Test
  void replayOfTheMixedLabTrafficFindsEveryAttackAndNoBenignClient() throws Exception {
    List<Alert> alerts = new ArrayList<>();
    try (NetworkSecurityMonitor monitor = quiet(alerts).build()) {
      new EventsFileSource(MIXED).readInto(monitor);
      SecurityReport report = monitor.generateReport();
      Map<String, SourceSummary> summary = monitor.getSuspiciousActivitySummary();
      assertEquals(
          Set.of("198.51.100.23", "198.51.100.77"), detectors(alerts, "multi-pattern-source"));
      assertTrue(detectors(alerts, "high-frequency").equals(Set.of("198.51.100.23")));
      assertTrue(detectors(alerts, "port-scan").equals(Set.of("198.51.100.77")));
      assertEquals(Set.of("198.51.100.23", "198.51.100.77"), detectors(alerts, "auth-failures"));
      assertTrue(detectors(alerts, "unusual-port").contains("198.51.100.23"));
      for (Alert alert : alerts) {
        boolean benign = alert.source().startsWith("192.0.2.");
        // The only acceptable benign alert: the FTP passive data connection to a high port.
        assertFalse(benign && !alert.ruleId().equals("unusual-port"), alert.toString());
      }
      assertTrue(summary.get("198.51.100.23").detections().contains("high-frequency"));
      assertTrue(summary.get("198.51.100.23").riskScore() > 0);
      assertEquals(alerts.size(), report.alertsTotal());
    }
  }

  @Test
  void theExampleSitePolicySilencesFtpPassiveDataPortsAndKeepsTheAttackers() throws Exception {
    List<Alert> alerts = new ArrayList<>();
    try (NetworkSecurityMonitor monitor =
        quiet(alerts).policy(Path.of("examples/mixed-4min/site-policy.yaml")).build()) {
      new EventsFileSource(MIXED).readInto(monitor);
    }
    assertTrue(
        alerts.stream().noneMatch(a -> a.source().startsWith("192.0.2.")), alerts.toString());
    assertEquals(Set.of("198.51.100.23"), detectors(alerts, "high-frequency"), "99/s >= 20");
    assertEquals(
        Set.of("198.51.100.23", "198.51.100.77"), detectors(alerts, "multi-pattern-source"));
  }

  @Test
  void sameInputGivesTheSameAlertsInTheSameOrder() throws Exception {
    List<Alert> first = new ArrayList<>();
    try (NetworkSecurityMonitor monitor = quiet(first).build()) {
      new EventsFileSource(MIXED).readInto(monitor);
    }
    List<Alert> second = new ArrayList<>();
    try (NetworkSecurityMonitor monitor =
        quiet(second).log(dir.resolve("b.log")).alerts(dir.resolve("b.jsonl")).build()) {
      new EventsFileSource(MIXED).readInto(monitor);
    }
    assertFalse(first.isEmpty());
    assertEquals(first, second);
    assertEquals(
        Files.readAllLines(dir.resolve("alerts.jsonl")),
        Files.readAllLines(dir.resolve("b.jsonl")));
  }

  @Test
  void apiCallsWithoutTransportAreTcpAndRaiseHighFrequency() throws Exception {
    List<Alert> alerts = new ArrayList<>();
    try (NetworkSecurityMonitor monitor = quiet(alerts).build()) {
      for (int i = 0; i < 6; i++) {
        monitor.monitorConnection("192.168.1.100", 80, T0.plusMillis(100 * i));
      }
      monitor.generateReport();
    }
    assertEquals(1, alerts.size());
    assertEquals("high-frequency", alerts.get(0).ruleId());
    assertEquals(Transport.TCP, alerts.get(0).transport());
    assertEquals(T0.plusMillis(500).toEpochMilli(), alerts.get(0).timestamp());
  }

  @Test
  void authAttemptsThroughTheApiRaiseBruteForceSuccess() throws Exception {
    List<Alert> alerts = new ArrayList<>();
    try (NetworkSecurityMonitor monitor = quiet(alerts).build()) {
      for (int i = 0; i < 5; i++) {
        monitor.monitorAuthAttempt("198.51.100.9", "ssh", "root", false, T0.plusSeconds(i));
      }
      monitor.monitorAuthAttempt("198.51.100.9", "ssh", "root", true, T0.plusSeconds(10));
      monitor.generateReport();
    }
    Set<String> rules = alerts.stream().map(Alert::ruleId).collect(Collectors.toSet());
    assertTrue(rules.containsAll(Set.of("auth-failures", "brute-force-success")), rules.toString());
  }

  @Test
  void alertsRaisedWhileTheCaptureDropsPacketsSaySo() throws Exception {
    List<Alert> alerts = new ArrayList<>();
    try (NetworkSecurityMonitor monitor = quiet(alerts).build()) {
      monitor.monitorConnection("198.51.100.1", 4444, T0);
      monitor.generateReport(); // rules fire for what is pending
      monitor.captureDropping(true);
      monitor.monitorConnection("198.51.100.2", 4444, T0.plusSeconds(1));
      monitor.generateReport();
    }
    assertFalse(alerts.get(0).message().contains("dropping"), alerts.get(0).message());
    assertTrue(
        alerts.get(1).message().endsWith("(raised while the capture was dropping packets)"),
        alerts.get(1).message());
  }

  @Test
  void logAndAlertFilesAreReadableByTheOwnerOnly() throws Exception {
    try (NetworkSecurityMonitor monitor = quiet(new ArrayList<>()).build()) {
      monitor.monitorConnection("198.51.100.1", 4444, T0);
    }
    for (String name : List.of("security_monitor.log", "alerts.jsonl")) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))),
          name);
    }
    String log = Files.readString(dir.resolve("security_monitor.log"));
    assertTrue(log.contains("unusual-port"), log);
  }

  @Test
  void rejectsTextThatIsNotAnAddressWithoutLookingItUp() throws Exception {
    try (NetworkSecurityMonitor monitor = quiet(new ArrayList<>()).build()) {
      assertThrows(
          IllegalArgumentException.class, () -> monitor.monitorConnection("localhost", 80, T0));
    }
  }

  @Test
  void aBrokenSitePolicyIsRefusedWithEveryProblem() throws Exception {
    Path site = dir.resolve("site.yaml");
    Files.writeString(
        site, "schema_version: 1\ndetections:\n  port-scan:\n    min_cout: 3\n    window: 10\n");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> NetworkSecurityMonitor.builder().policy(site).log(null).alerts(null).build());
    assertEquals(2, e.diagnostics().size(), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean 'min_count'"), e.getMessage());
  }

  private static Set<String> detectors(List<Alert> alerts, String ruleId) {
    return alerts.stream()
        .filter(a -> a.ruleId().equals(ruleId))
        .map(Alert::source)
        .collect(Collectors.toSet());
  }
}
