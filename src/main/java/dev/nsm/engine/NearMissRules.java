package dev.nsm.engine;

import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which rules record near misses: those whose text calls {@code alerts.reached(...)}. Read from the
 * DRL rather than from what happened in a run, so that a rule that never ran is not mistaken for
 * one that cannot tell.
 */
public final class NearMissRules {

  private static final Pattern CALL = Pattern.compile("\\balerts\\s*\\.\\s*reached\\s*\\(");
  private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

  private NearMissRules() {}

  /** Ids of the ruleset's rules that do not call {@code alerts.reached}, sorted. */
  public static SortedSet<String> notRecording(CompiledRuleset rules) {
    SortedSet<String> ids = new TreeSet<>();
    for (RuleFile file : rules.ruleset().files()) {
      for (ScannedRule rule : RuleScanner.scan(file)) {
        String code = COMMENT.matcher(rule.body()).replaceAll("");
        if (rule.id() != null && !CALL.matcher(code).find()) {
          ids.add(rule.id());
        }
      }
    }
    return ids;
  }
}
