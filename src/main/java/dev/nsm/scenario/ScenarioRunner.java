package dev.nsm.scenario;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.event.Alert;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.report.SecurityReport;
import dev.nsm.source.EventsFileSource;
import dev.nsm.source.RecordedInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a scenario in a monitor of its own, fed exactly as {@code nsm run} feeds recorded inputs,
 * and compares the alerts with what the scenario expects.
 */
public final class ScenarioRunner {

  private ScenarioRunner() {}

  /**
   * Runs the scenario.
   *
   * @param update write {@code expected-alerts.jsonl} from this run instead of comparing with it
   * @throws InvalidInputException if the scenario's ruleset or policy files are invalid
   * @throws IOException if the golden file cannot be read or written
   */
  public static ScenarioResult run(Scenario scenario, boolean update)
      throws InvalidInputException, IOException {
    long started = System.nanoTime();
    List<Alert> alerts = new ArrayList<>();
    List<String> differences = new ArrayList<>();
    NetworkSecurityMonitor.Builder builder =
        NetworkSecurityMonitor.builder()
            .rules(scenario.rules())
            .log(null)
            .alerts(null)
            .onAlert(alerts::add);
    scenario.policies().forEach(builder::policy);
    NetworkSecurityMonitor monitor = builder.build();
    // Closing fires what is still pending, so the alerts are complete only after it.
    try (monitor) {
      inputs(scenario).replayDeduplicated(monitor);
    } catch (IOException e) {
      differences.add("cannot replay the inputs: " + e.getMessage());
    }
    SecurityReport report = monitor.generateReport();
    differences.addAll(
        Expectations.check(scenario, alerts, report, new MissingAlertHint(monitor, report)));
    Path golden = scenario.expectedAlertsFile();
    if (update) {
      GoldenAlerts.write(golden, alerts);
    } else if (Files.isRegularFile(golden)) {
      differences.addAll(GoldenAlerts.compare(golden, alerts));
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    return new ScenarioResult(scenario, List.copyOf(alerts), List.copyOf(differences), elapsed);
  }

  private static RecordedInputs inputs(Scenario scenario) {
    List<EventsFileSource> events = scenario.events().stream().map(EventsFileSource::new).toList();
    return new RecordedInputs(
        scenario.pcaps(), scenario.authLogs(), events, scenario.logYear(), scenario.logZone());
  }
}
