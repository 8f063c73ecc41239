package dev.nsm.decode;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Fact;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Collects the facts a decoder emits. */
final class RecordedAttempts implements Consumer<Fact> {
  final List<AuthAttempt> attempts = new ArrayList<>();

  @Override
  public void accept(Fact fact) {
    attempts.add((AuthAttempt) fact);
  }

  /** "user outcome" per attempt, in order, for compact assertions. */
  List<String> summary() {
    return attempts.stream().map(a -> a.user() + " " + a.outcome().label()).toList();
  }
}
