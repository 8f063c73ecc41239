package dev.nsm.source;

import dev.nsm.event.Fact;
import java.util.ArrayList;
import java.util.List;

/** Keeps what a source hands over, for assertions. */
final class RecordingSink implements FactSink {

  final List<Fact> facts = new ArrayList<>();
  final List<String> problems = new ArrayList<>();
  final List<Long> problemLines = new ArrayList<>();

  @Override
  public void accept(Fact fact) {
    facts.add(fact);
  }

  @Override
  public void malformed(String input, long line, String reason) {
    problems.add(input + ":" + line + ": " + reason);
    problemLines.add(line);
  }

  <T extends Fact> T only(Class<T> type) {
    if (facts.size() != 1 || !problems.isEmpty()) {
      throw new AssertionError("expected one fact and no problems, got " + facts + " " + problems);
    }
    return type.cast(facts.get(0));
  }
}
