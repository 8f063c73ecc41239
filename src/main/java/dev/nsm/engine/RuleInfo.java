package dev.nsm.engine;

import dev.nsm.event.Severity;
import java.util.List;

/**
 * A rule of a compiled ruleset, as {@code nsm rules} lists it.
 *
 * @param id the {@code @id} metadata: the name users give in policies, scenarios and suppressions
 * @param name the rule's name in DRL
 * @param severity the rule's own {@code @severity} (the policy may override it)
 * @param tags the {@code @tags} metadata, e.g. MITRE ATT&CK technique ids
 * @param file the DRL file
 * @param line the line of the rule in that file
 * @param counts what the rule declares it counts ({@code @counts} and its companions), or {@code
 *     null} when it declares nothing
 * @param comparesSources {@code @scope("all-sources")}: the rule relates facts of different
 *     sources, so its ruleset runs in one session, unsharded
 */
public record RuleInfo(
    String id,
    String name,
    Severity severity,
    List<String> tags,
    String file,
    int line,
    CountedFacts counts,
    boolean comparesSources) {
  public RuleInfo {
    tags = List.copyOf(tags);
  }
}
