package dev.nsm.scenario;

import dev.nsm.event.Severity;
import java.util.Map;

/**
 * {@code expect_report}: report figures that must be exactly these; absent keys are not checked.
 */
public record ExpectedReport(Map<String, Long> alertsByRule, Map<Severity, Long> alertsBySeverity) {

  public static final ExpectedReport NONE = new ExpectedReport(Map.of(), Map.of());
}
