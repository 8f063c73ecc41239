package dev.nsm.engine;

import dev.nsm.policy.Diagnostic;
import dev.nsm.policy.Policy;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;

/**
 * A ruleset compiled against one policy: the policy's windows are baked into it, so it is only
 * valid with that policy.
 *
 * @param ruleset the source files
 * @param policy the policy whose windows and expiries were filled in
 * @param kieBase the compiled rules the policy enables, in STREAM mode
 * @param rules every rule in file order, those the policy switches off included
 * @param expiryMillis how long each fact type (simple name) lives in the session
 * @param warnings problems that do not stop nsm (e.g. a policy detection no rule has)
 */
public record CompiledRuleset(
    Ruleset ruleset,
    Policy policy,
    KieBase kieBase,
    List<RuleInfo> rules,
    Map<String, Long> expiryMillis,
    List<Diagnostic> warnings) {

  public CompiledRuleset {
    rules = List.copyOf(rules);
    expiryMillis = Map.copyOf(expiryMillis);
    warnings = List.copyOf(warnings);
  }

  public String hash() {
    return ruleset.hash();
  }

  /**
   * Whether sessions may be sharded by source: no rule declares {@code @scope("all-sources")}
   * (comparing facts of different sources).
   */
  public boolean shardable() {
    return rules.stream().noneMatch(RuleInfo::comparesSources);
  }

  public RuleInfo rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
  }
}
