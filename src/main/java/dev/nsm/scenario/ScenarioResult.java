package dev.nsm.scenario;

import dev.nsm.event.Alert;
import java.time.Duration;
import java.util.List;

/**
 * What running one scenario found.
 *
 * @param alerts every alert raised, in the order raised
 * @param differences each way the alerts differ from what the scenario expects, readable as is
 * @param elapsed wall-clock time the run took
 */
public record ScenarioResult(
    Scenario scenario, List<Alert> alerts, List<String> differences, Duration elapsed) {

  public boolean passed() {
    return differences.isEmpty();
  }
}
