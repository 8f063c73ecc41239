package dev.nsm.scenario.boundary;

import java.util.List;

/**
 * One generated case of a rule: one or more runs, each checked against the policy's semantics.
 *
 * @param name {@code under}, {@code at}, ...
 * @param prefix what the runs share, said before their labels (may be empty)
 * @param runs the runs, each in a fresh session; empty when skipped
 * @param skipReason why the case does not apply to this rule and policy, or {@code null}
 */
record BoundaryCase(String name, String prefix, List<Run> runs, String skipReason) {
  BoundaryCase {
    runs = List.copyOf(runs);
  }

  static BoundaryCase of(String name, Run run) {
    return new BoundaryCase(name, "", List.of(run), null);
  }

  static BoundaryCase skipped(String name, String reason) {
    return new BoundaryCase(name, "", List.of(), reason);
  }
}
