package dev.nsm.scenario.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nsm.scenario.boundary.StatedSemantics.Expected;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatedSemanticsTest {

  private static Step counted(long at, int source, int value) {
    return new Step(at, source, false, value);
  }

  private static Step trigger(long at, int source) {
    return new Step(at, source, true, 0);
  }

  @Test
  void aFactExactlyOneWindowOldNoLongerCountsButOneMillisecondYoungerDoes() {
    StatedSemantics twoIn1s = new StatedSemantics(2, 1000, 60_000, false, false);

    assertEquals(List.of(), twoIn1s.alerts(List.of(counted(0, 0, 0), counted(1000, 0, 1))));
    Step second = counted(999, 0, 1);
    assertEquals(
        List.of(new Expected(second, 2)), twoIn1s.alerts(List.of(counted(0, 0, 0), second)));
  }

  @Test
  void anAlertSuppressesTheSourceForSuppressForButNotOtherSources() {
    StatedSemantics one = new StatedSemantics(1, 1000, 100, false, false);
    Step first = counted(0, 0, 0);
    Step other = counted(10, 1, 0);
    Step after = counted(100, 0, 1); // the suppressed fact at 99 still counts

    assertEquals(
        List.of(new Expected(first, 1), new Expected(other, 1), new Expected(after, 3)),
        one.alerts(List.of(first, other, counted(99, 0, 2), after)));
  }

  @Test
  void distinctCountsValuesNotFacts() {
    StatedSemantics threePorts = new StatedSemantics(3, 1000, 60_000, true, false);

    assertEquals(
        List.of(),
        threePorts.alerts(List.of(counted(0, 0, 7), counted(1, 0, 8), counted(2, 0, 7))));
  }

  @Test
  void withATriggerOnlyTheTriggerEvaluatesAndCountsWhatCameBefore() {
    StatedSemantics twoThenTrigger = new StatedSemantics(2, 1000, 60_000, false, true);
    Step success = trigger(2, 0);

    assertEquals(
        List.of(new Expected(success, 2)),
        twoThenTrigger.alerts(List.of(counted(0, 0, 0), counted(1, 0, 1), success)));
    assertEquals(
        List.of(),
        twoThenTrigger.alerts(List.of(counted(0, 0, 0), trigger(1, 0), counted(2, 0, 1))));
  }
}
