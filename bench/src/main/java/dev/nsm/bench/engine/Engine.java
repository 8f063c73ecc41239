package dev.nsm.bench.engine;

import dev.nsm.event.Fact;
import java.util.Map;

/** A rule engine under benchmark: fed facts in event-time order, counting the alerts it raises. */
public interface Engine extends AutoCloseable {

  void accept(Fact fact);

  /** Alerts raised so far (suppressed repeats not counted). */
  long alerts();

  /** Alerts raised so far by "rule-id source", for checking two engines against each other. */
  Map<String, Long> alertsByRuleAndSource();

  @Override
  void close();
}
