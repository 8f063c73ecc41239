package dev.nsm.scenario;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * One scenario as its {@code scenario.yaml} describes it, with paths resolved against its
 * directory.
 *
 * @param rules ruleset directory, {@code null} for the bundled default
 * @param policies policy files applied over the default policy, in order
 * @param logYear year of classic syslog timestamps, {@code null} for the files' modification time
 * @param logZone zone of log timestamps that carry none, {@code null} for UTC
 * @param ruleReferences every rule id the expectations name, with where, to check against the
 *     ruleset once it is compiled
 */
public record Scenario(
    Path directory,
    String name,
    List<Path> pcaps,
    List<Path> authLogs,
    List<Path> events,
    Path rules,
    List<Path> policies,
    Integer logYear,
    ZoneId logZone,
    List<Expectation> expect,
    List<AlertFilter> expectNone,
    ExpectedReport expectReport,
    List<RuleReference> ruleReferences) {

  /** The scenario file every scenario directory holds. */
  public static final String FILE_NAME = "scenario.yaml";

  /** The golden alerts beside it, compared when present and written by {@code --update}. */
  public static final String EXPECTED_ALERTS = "expected-alerts.jsonl";

  /**
   * This scenario run with a site's ruleset and policy, to see what a change would do to it: the
   * site's ruleset unless the scenario names its own, and the site's policy files applied after the
   * default policy and before the scenario's own, which keep the last word.
   */
  public Scenario under(Path siteRules, List<Path> sitePolicies) {
    List<Path> layered = new ArrayList<>(sitePolicies);
    layered.addAll(policies);
    return new Scenario(
        directory,
        name,
        pcaps,
        authLogs,
        events,
        rules != null ? rules : siteRules,
        List.copyOf(layered),
        logYear,
        logZone,
        expect,
        expectNone,
        expectReport,
        ruleReferences);
  }

  public Path expectedAlertsFile() {
    return directory.resolve(EXPECTED_ALERTS);
  }
}
