package dev.nsm.bench.engine;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.event.Fact;
import dev.nsm.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * nsm itself, through its library facade: the bundled default ruleset (or one rule of it, in a
 * ruleset of its own) and the default policy, no log or alerts file (alerts are counted by a
 * listener), the report aggregated as in a real run; one session on the feeding thread, or sessions
 * sharded by source on threads of their own.
 */
public final class DroolsEngine implements Engine {

  private final NetworkSecurityMonitor monitor;
  private final Map<String, Long> byRuleAndSource = new TreeMap<>();
  private long alerts;

  public DroolsEngine(List<String> enabled) {
    this(enabled, 0);
  }

  /**
   * @param shards 0 for one session on the feeding thread, else this many sessions sharded by
   *     source
   */
  public DroolsEngine(List<String> enabled, int shards) {
    try {
      NetworkSecurityMonitor.Builder builder =
          NetworkSecurityMonitor.builder()
              .log(null)
              .alerts(null)
              .onAlert(
                  a -> {
                    alerts++;
                    byRuleAndSource.merge(a.ruleId() + " " + a.srcIp(), 1L, Long::sum);
                  });
      if (!enabled.equals(Rules.DEFAULT)) {
        if (enabled.size() != 1) {
          throw new IllegalArgumentException("one rule or all of them: " + enabled);
        }
        builder.rules(Rules.rulesetOf(enabled.get(0)));
      }
      if (shards > 0) {
        builder.shards(shards);
      }
      this.monitor = builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot build the monitor: " + e.getMessage(), e);
    }
  }

  /** The merged policy in force, so the Esper statements use the same thresholds. */
  public Policy policy() {
    return monitor.rules().policy();
  }

  @Override
  public void accept(Fact fact) {
    monitor.accept(fact);
  }

  @Override
  public long alerts() {
    return alerts;
  }

  @Override
  public Map<String, Long> alertsByRuleAndSource() {
    monitor.generateReport(); // fires what the last clock tick left pending
    return Map.copyOf(byRuleAndSource);
  }

  /** Facts the session still holds (inside some window). */
  public long liveFacts() {
    return monitor.liveFacts();
  }

  @Override
  public void close() {
    try {
      monitor.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
