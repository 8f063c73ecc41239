package dev.nsm.scenario.boundary;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.engine.CompiledRuleset;
import dev.nsm.engine.CountedFacts;
import dev.nsm.engine.RuleInfo;
import dev.nsm.event.Alert;
import dev.nsm.event.Fact;
import dev.nsm.policy.Detection;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.scenario.boundary.BoundaryResult.Status;
import dev.nsm.scenario.boundary.StatedSemantics.Expected;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code nsm test --boundaries}: for every rule that declares what it counts, generates facts just
 * under, at and over the policy's threshold, at both edges of its window and from two interleaved
 * sources, runs each case in a fresh session of the compiled ruleset, and compares the rule's
 * alerts with what {@link StatedSemantics} says the policy means: the same alerts, for the same
 * sources, at the same facts, with the same counts, and evidence from the alert's own source only.
 */
public final class BoundaryChecker {

  /** Where generated time starts; any fixed instant keeps the output the same on every run. */
  static final long BASE_MILLIS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  private BoundaryChecker() {}

  /** Every case of every rule, rules by id, cases in a fixed order. */
  public static List<BoundaryResult> check(CompiledRuleset ruleset) {
    List<BoundaryResult> results = new ArrayList<>();
    ruleset.rules().stream()
        .sorted(Comparator.comparing(RuleInfo::id))
        .forEach(rule -> results.addAll(check(ruleset, rule)));
    return results;
  }

  /** The cases of one rule of the ruleset. */
  public static List<BoundaryResult> check(CompiledRuleset ruleset, RuleInfo rule) {
    CountedFacts counts = rule.counts();
    if (counts == null) {
      return List.of(BoundaryResult.skipped(rule.id(), "", "declares no @counts"));
    }
    Detection detection = ruleset.policy().detection(rule.id());
    if (!detection.enabled()) {
      return List.of(BoundaryResult.skipped(rule.id(), "", "disabled by the policy"));
    }
    FactValues values;
    List<BoundaryCase> cases;
    try {
      values = FactValues.prepare(counts, ruleset.policy(), detection, detection.minCount() + 1);
      cases = BoundaryCases.of(counts, detection.minCount(), detection.windowMillis());
    } catch (NotTestable e) {
      return List.of(BoundaryResult.skipped(rule.id(), "", e.getMessage()));
    }
    StatedSemantics semantics =
        new StatedSemantics(
            detection.minCount(),
            detection.windowMillis(),
            detection.suppressForMillis(),
            counts.distinct() != null,
            counts.triggered());
    List<BoundaryResult> results = new ArrayList<>();
    for (BoundaryCase boundaryCase : cases) {
      if (boundaryCase.skipReason() != null) {
        results.add(
            BoundaryResult.skipped(rule.id(), boundaryCase.name(), boundaryCase.skipReason()));
        continue;
      }
      results.add(run(ruleset, rule.id(), boundaryCase, semantics, values));
    }
    return results;
  }

  private static BoundaryResult run(
      CompiledRuleset ruleset,
      String ruleId,
      BoundaryCase boundaryCase,
      StatedSemantics semantics,
      FactValues values) {
    long started = System.nanoTime();
    List<String> descriptions = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Run run : boundaryCase.runs()) {
      List<Expected> expected = semantics.alerts(run.steps());
      descriptions.add(run.label() + ": " + expectation(expected, run));
      List<Alert> alerts = feed(ruleset, ruleId, run, values, semantics);
      // A case of several runs says which run a problem belongs to.
      String prefix = boundaryCase.runs().size() > 1 ? run.label() + ": " : "";
      compare(expected, alerts, run, values).forEach(p -> problems.add(prefix + p));
    }
    return new BoundaryResult(
        ruleId,
        boundaryCase.name(),
        problems.isEmpty() ? Status.PASS : Status.FAIL,
        boundaryCase.prefix() + String.join("; ", descriptions),
        problems,
        Duration.ofNanos(System.nanoTime() - started));
  }

  /** Feeds the run to a fresh monitor and returns the rule's alerts, in the order raised. */
  private static List<Alert> feed(
      CompiledRuleset ruleset,
      String ruleId,
      Run run,
      FactValues values,
      StatedSemantics semantics) {
    List<Alert> alerts = new ArrayList<>();
    try (NetworkSecurityMonitor monitor =
        NetworkSecurityMonitor.builder()
            .compiled(ruleset)
            .log(null)
            .alerts(null)
            .onAlert(
                a -> {
                  if (a.ruleId().equals(ruleId)) {
                    alerts.add(a);
                  }
                })
            .build()) {
      long sequence = 0;
      for (Step step : run.steps()) {
        monitor.accept(values.fact(step, BASE_MILLIS, ++sequence));
      }
      // Past every window and suppression interval: an alert the engine raises only when time
      // moves on is seen too, and must not be there.
      long last = run.steps().get(run.steps().size() - 1).at();
      monitor.advanceTo(
          Instant.ofEpochMilli(
              BASE_MILLIS + last + semantics.windowMillis() + semantics.suppressMillis() + 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InvalidInputException e) {
      throw new IllegalStateException("a compiled ruleset was refused", e);
    }
    return alerts;
  }

  private static List<String> compare(
      List<Expected> expected, List<Alert> alerts, Run run, FactValues values) {
    List<String> problems = new ArrayList<>();
    boolean same = expected.size() == alerts.size();
    for (int i = 0; same && i < expected.size(); i++) {
      Expected e = expected.get(i);
      Alert a = alerts.get(i);
      same =
          a.source().equals(values.source(e.step().source()))
              && a.timestamp() - BASE_MILLIS == e.step().at()
              && a.evidence().count() == e.count();
    }
    if (!same) {
      problems.add(
          "expected "
              + expected.stream()
                  .map(
                      e ->
                          describe(values.source(e.step().source()), e.step().at(), e.count(), run))
                  .collect(listing(expected.size()))
              + "; got "
              + alerts.stream()
                  .map(
                      a ->
                          describe(
                              a.source(), a.timestamp() - BASE_MILLIS, a.evidence().count(), run))
                  .collect(listing(alerts.size())));
    }
    for (Alert alert : alerts) {
      List<String> others =
          alert.evidence().facts().stream()
              .map(Fact::source)
              .filter(source -> !source.equals(alert.source()))
              .distinct()
              .toList();
      if (!others.isEmpty()) {
        problems.add(
            "the alert for "
                + alert.source()
                + " at "
                + offset(alert.timestamp() - BASE_MILLIS)
                + " lists facts of "
                + String.join(", ", others)
                + " as its evidence");
      }
    }
    return problems;
  }

  /** "one alert at the 6th", "no alert", "one alert per source". */
  private static String expectation(List<Expected> expected, Run run) {
    if (expected.isEmpty()) {
      return "no alert";
    }
    if (expected.size() == 1) {
      return "one alert at the " + which(expected.get(0).step(), run);
    }
    long sources = run.steps().stream().mapToInt(Step::source).distinct().count();
    long alerted = expected.stream().mapToInt(e -> e.step().source()).distinct().count();
    if (alerted == expected.size() && alerted == sources) {
      return "one alert per source";
    }
    List<String> which = expected.stream().map(e -> "the " + which(e.step(), run)).toList();
    return "alerts at "
        + String.join(", ", which.subList(0, which.size() - 1))
        + " and "
        + which.get(which.size() - 1);
  }

  private static java.util.stream.Collector<CharSequence, ?, String> listing(int size) {
    return Collectors.joining(
        ", ", size == 0 ? "no alert" : size + (size == 1 ? " alert: " : " alerts: "), "");
  }

  /** "198.51.100.1 at +0.380s (the 6th) count 6". */
  private static String describe(String source, long at, long count, Run run) {
    String which =
        run.steps().stream()
            .filter(s -> s.at() == at)
            .findFirst()
            .map(s -> " (the " + which(s, run) + ")")
            .orElse(" (at no generated fact)");
    return source + " at " + offset(at) + which + " count " + count;
  }

  /** "6th" (of its source's counted facts) or "trigger". */
  private static String which(Step step, Run run) {
    if (step.trigger()) {
      return "trigger";
    }
    long nth =
        run.steps().stream()
            .filter(s -> s.source() == step.source() && !s.trigger() && s.at() <= step.at())
            .count();
    return ordinal(nth);
  }

  static String ordinal(long n) {
    long lastTwo = n % 100;
    String suffix =
        lastTwo >= 11 && lastTwo <= 13
            ? "th"
            : switch ((int) (n % 10)) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            };
    return n + suffix;
  }

  private static String offset(long millis) {
    return String.format(Locale.ROOT, "+%d.%03ds", millis / 1000, millis % 1000);
  }
}
