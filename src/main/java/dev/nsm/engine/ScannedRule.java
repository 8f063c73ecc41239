package dev.nsm.engine;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What nsm reads from a rule's text before Drools compiles it: where it is, its {@code @id}, and
 * which fact types it matches, so event expiry can follow the windows of the rules that use them.
 *
 * @param file the DRL file
 * @param line the line of the {@code rule} keyword (1-based)
 * @param name the rule name
 * @param id the {@code @id} metadata, or {@code null} when missing
 * @param factTypes simple names of the fact types the rule matches
 * @param body the rule's text from {@code rule} to {@code end}
 */
record ScannedRule(
    String file, int line, String name, String id, Set<String> factTypes, String body) {

  static final Set<String> FACT_TYPES =
      Set.of("Connection", "ConnectionOutcome", "AuthAttempt", "Alert");
  private static final Pattern ID = Pattern.compile("@id\\(\\s*\"([^\"]*)\"\\s*\\)");

  static ScannedRule of(String file, int line, String name, String body) {
    Matcher id = ID.matcher(body);
    Set<String> types =
        FACT_TYPES.stream()
            .filter(t -> Pattern.compile("\\b" + t + "\\s*\\(").matcher(body).find())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
    return new ScannedRule(file, line, name, id.find() ? id.group(1) : null, types, body);
  }
}
