package dev.nsm.scenario.boundary;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one boundary case of one rule, or of a rule that could not be checked at all.
 *
 * @param ruleId the rule's {@code @id}
 * @param caseName {@code under}, {@code at}, {@code over}, {@code duplicate}, {@code
 *     window-inside}, {@code window-outside} or {@code interleaved}; empty when the whole rule is
 *     skipped
 * @param status passed, failed or skipped
 * @param description what the case generates and expects; for a skip, why it was skipped
 * @param problems for a failure, each way the alerts differed from the policy's semantics
 * @param elapsed wall-clock time the case took
 */
public record BoundaryResult(
    String ruleId,
    String caseName,
    Status status,
    String description,
    List<String> problems,
    Duration elapsed) {

  /** Whether a case passed, failed, or was not run. */
  public enum Status {
    PASS,
    FAIL,
    SKIP
  }

  public BoundaryResult {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(caseName, "caseName");
    Objects.requireNonNull(status, "status");
    problems = List.copyOf(problems);
  }

  static BoundaryResult skipped(String ruleId, String caseName, String reason) {
    return new BoundaryResult(ruleId, caseName, Status.SKIP, reason, List.of(), Duration.ZERO);
  }

  /** {@code port-scan at}, or the rule id alone for a rule skipped as a whole. */
  public String title() {
    return caseName.isEmpty() ? ruleId : ruleId + " " + caseName;
  }

  /**
   * The line {@code nsm test --boundaries} prints: {@code PASS port-scan at (15 distinct dst_port
   * within 1m: one alert, at the 15th)}, or {@code SKIP multi-pattern-source: declares no
   * @counts}.
   */
  public String line() {
    return status == Status.SKIP
        ? "SKIP " + title() + ": " + description
        : status + " " + title() + " (" + description + ")";
  }
}
