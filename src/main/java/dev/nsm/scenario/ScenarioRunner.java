package dev.nsm.scenario;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.engine.CompiledRuleset;
import dev.nsm.event.Alert;
import dev.nsm.policy.Diagnostic;
import dev.nsm.policy.DidYouMean;
import dev.nsm.policy.FilePosition;
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
import java.util.Set;
import java.util.TreeSet;

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
    try {
      checkRuleIds(scenario, monitor.rules());
    } catch (InvalidInputException e) {
      monitor.close();
      throw e;
    }
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

  /** Every rule id the scenario names must be in its ruleset: a typo would expect nothing. */
  private static void checkRuleIds(Scenario scenario, CompiledRuleset rules)
      throws InvalidInputException {
    Set<String> known = new TreeSet<>();
    rules.rules().forEach(rule -> known.add(rule.id()));
    List<Diagnostic> unknown = new ArrayList<>();
    for (RuleReference reference : scenario.ruleReferences()) {
      if (!known.contains(reference.ruleId())) {
        FilePosition at = reference.at();
        unknown.add(
            Diagnostic.error(
                at.file(),
                at.line(),
                at.column(),
                "no rule '"
                    + reference.ruleId()
                    + "' in ruleset "
                    + rules.ruleset().name()
                    + DidYouMean.hint(reference.ruleId(), known)));
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidInputException(unknown);
    }
  }

  private static RecordedInputs inputs(Scenario scenario) {
    List<EventsFileSource> events = scenario.events().stream().map(EventsFileSource::new).toList();
    return new RecordedInputs(
        scenario.pcaps(), scenario.authLogs(), events, scenario.logYear(), scenario.logZone());
  }
}
