package dev.nsm.scenario.boundary;

import dev.nsm.engine.CountedFacts;
import dev.nsm.engine.CountedFacts.Kind;
import dev.nsm.policy.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Lays out the facts of each case for one rule under the policy's {@code min_count} and window.
 * Facts of the counting cases are spread evenly over part of the window, never two in one
 * millisecond; the window cases place the first fact 1 ms inside the window or exactly on its open
 * start. Whether each run should alert is not decided here but by {@link StatedSemantics}.
 */
final class BoundaryCases {

  private final CountedFacts counts;
  private final int minCount;
  private final long windowMillis;
  private final long step;

  private BoundaryCases(CountedFacts counts, int minCount, long windowMillis, long step) {
    this.counts = counts;
    this.minCount = minCount;
    this.windowMillis = windowMillis;
    this.step = step;
  }

  /**
   * The cases, in the order they are reported.
   *
   * @throws NotTestable when the window is too short to keep the facts a millisecond apart
   */
  static List<BoundaryCase> of(CountedFacts counts, int minCount, long windowMillis)
      throws NotTestable {
    // The longest run, two sources of min_count facts each plus their triggers, fits in the
    // window with room to spare, so "within the window" holds for every counting case.
    long step = (windowMillis - 2) / (2L * minCount + 1);
    if (step < 1) {
      throw new NotTestable(
          "the window ("
              + window(windowMillis)
              + ") is too short to hold "
              + (2 * minCount + 2)
              + " facts 1 ms apart");
    }
    return new BoundaryCases(counts, minCount, windowMillis, step).cases();
  }

  private List<BoundaryCase> cases() {
    List<BoundaryCase> cases = new ArrayList<>();
    String within = (counts.triggered() ? "," : "") + " within " + window(windowMillis);
    if (minCount == 1) {
      cases.add(BoundaryCase.skipped("under", "min_count is 1: no count is under it"));
    } else {
      cases.add(
          BoundaryCase.of("under", evenly(facts(minCount - 1) + trigger() + within, minCount - 1)));
    }
    cases.add(BoundaryCase.of("at", evenly(facts(minCount) + trigger() + within, minCount)));
    cases.add(
        BoundaryCase.of("over", evenly(facts(minCount + 1) + trigger() + within, minCount + 1)));
    if (counts.distinct() != null) {
      cases.add(duplicate(within));
    }
    if (minCount == 1 && !counts.triggered()) {
      String reason = "min_count is 1: the newest fact alone reaches it, whatever the window";
      cases.add(BoundaryCase.skipped("window-inside", reason));
      cases.add(BoundaryCase.skipped("window-outside", reason));
    } else {
      String last = counts.triggered() ? "trigger" : "last";
      cases.add(
          BoundaryCase.of(
              "window-inside",
              edge(
                  windowMillis - 1,
                  facts(minCount)
                      + trigger()
                      + ", the first "
                      + window(windowMillis)
                      + " - 1ms before the "
                      + last)));
      cases.add(
          BoundaryCase.of(
              "window-outside",
              edge(
                  windowMillis,
                  facts(minCount)
                      + trigger()
                      + ", the first exactly "
                      + window(windowMillis)
                      + " before the "
                      + last)));
    }
    cases.add(interleaved());
    return cases;
  }

  /** {@code count} facts of source 0, {@code step} apart, each with a value of its own. */
  private Run evenly(String label, int count) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      steps.add(new Step(i * step, 0, false, i));
    }
    return new Run(label, withTriggers(steps, 1));
  }

  /** min_count facts whose last repeats the first one's value: one distinct value short. */
  private BoundaryCase duplicate(String within) {
    if (minCount == 1) {
      return BoundaryCase.skipped("duplicate", "min_count is 1: a repeated value needs two facts");
    }
    // The repeat comes second, so the last fact brings a new value: a rule that only evaluates
    // when a value is new in its window still evaluates here, and must count distinct values.
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < minCount; i++) {
      steps.add(new Step(i * step, 0, false, Math.max(0, i - 1)));
    }
    String label =
        minCount
            + " "
            + counts.kind().noun()
            + " with "
            + (minCount - 1)
            + " distinct "
            + counts.distinct().key()
            + trigger()
            + within;
    return BoundaryCase.of("duplicate", new Run(label, withTriggers(steps, 1)));
  }

  /**
   * min_count facts, the first at 0 and the evaluation moment (the last counted fact, or the
   * trigger 1 ms after it) at {@code evaluatedAt}, the others spread between them.
   */
  private Run edge(long evaluatedAt, String label) {
    long last = counts.triggered() ? evaluatedAt - 1 : evaluatedAt;
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < minCount; i++) {
      long at = minCount == 1 ? 0 : Math.round((double) i * last / (minCount - 1));
      steps.add(new Step(at, 0, false, i));
    }
    if (counts.triggered()) {
      // At the evaluation moment even when a single counted fact sits at the window's start.
      steps.add(new Step(evaluatedAt, 0, true, 0));
    }
    return new Run(label, steps);
  }

  /** Two sources alternating: one short of min_count each, then exactly min_count each. */
  private BoundaryCase interleaved() {
    List<Run> runs = new ArrayList<>();
    if (minCount > 1) {
      runs.add(alternating(minCount - 1));
    }
    runs.add(alternating(minCount));
    return new BoundaryCase("interleaved", "2 sources alternating, ", runs, null);
  }

  private Run alternating(int each) {
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < 2 * each; i++) {
      steps.add(new Step(i * step, i % 2, false, i / 2));
    }
    return new Run(facts(each) + " each" + trigger(), withTriggers(steps, 2));
  }

  /** With {@code @trigger}: each source's trigger fact, 1 ms apart, after the last counted fact. */
  private List<Step> withTriggers(List<Step> steps, int sources) {
    if (!counts.triggered()) {
      return steps;
    }
    List<Step> all = new ArrayList<>(steps);
    long last = steps.isEmpty() ? -1 : steps.get(steps.size() - 1).at();
    for (int source = 0; source < sources; source++) {
      all.add(new Step(last + 1 + source, source, true, 0));
    }
    return all;
  }

  /** "5 connections", "15 distinct dst_port". */
  private String facts(int count) {
    String noun =
        counts.distinct() != null
            ? "distinct " + counts.distinct().key()
            : count == 1 ? singular(counts.kind()) : counts.kind().noun();
    return count + " " + noun;
  }

  private String trigger() {
    if (!counts.triggered()) {
      return "";
    }
    return ", then "
        + counts.trigger().entrySet().stream()
            .map(e -> e.getKey().key() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
  }

  private static String singular(Kind kind) {
    String plural = kind.noun();
    return plural.substring(0, plural.length() - 1);
  }

  private static String window(long millis) {
    return DurationText.format(Duration.ofMillis(millis));
  }
}
