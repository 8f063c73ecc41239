package dev.nsm.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long each fact type must stay in the session: as long as the longest window of any rule that
 * matches it. Drools infers this by itself only while every pattern over a type has a window; one
 * pattern without (a trigger, a {@code not}) switches inference off and facts then live for ever.
 * So nsm always declares {@code @expires} explicitly, from the windows written in (or filled into)
 * the rules.
 */
final class FactExpiry {

  /** Facts live at least this long, enough for rules that match them without a window. */
  static final long FLOOR_MILLIS = 1_000;

  private static final Pattern WINDOW =
      Pattern.compile("window:time\\(\\s*(\\d+)\\s*(ms|s|m|h|d)?\\s*\\)");

  private FactExpiry() {}

  static Map<String, Long> of(List<ScannedRule> rules) {
    Map<String, Long> expiry = new HashMap<>();
    for (String type : ScannedRule.FACT_TYPES) {
      expiry.put(type, FLOOR_MILLIS);
    }
    for (ScannedRule rule : rules) {
      long longest = longestWindow(rule.body());
      for (String type : rule.factTypes()) {
        expiry.merge(type, longest, Math::max);
      }
    }
    return expiry;
  }

  static long longestWindow(String ruleText) {
    long longest = 0;
    Matcher m = WINDOW.matcher(ruleText);
    while (m.find()) {
      long amount = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "ms" : m.group(2);
      long millis =
          switch (unit) {
            case "s" -> amount * 1_000L;
            case "m" -> amount * 60_000L;
            case "h" -> amount * 3_600_000L;
            case "d" -> amount * 86_400_000L;
            default -> amount;
          };
      longest = Math.max(longest, millis);
    }
    return longest;
  }

  /** The DRL that declares each fact type an event with its timestamp and expiry. */
  static String declarations(Map<String, Long> expiry) {
    StringBuilder drl = new StringBuilder("package nsm.generated;\n");
    for (String type : ScannedRule.FACT_TYPES.stream().sorted().toList()) {
      drl.append("import dev.nsm.event.").append(type).append(";\n");
    }
    for (String type : ScannedRule.FACT_TYPES.stream().sorted().toList()) {
      drl.append("declare ")
          .append(type)
          .append(" @role(event) @timestamp(timestamp) @expires(")
          .append(expiry.get(type))
          .append("ms) end\n");
    }
    return drl.toString();
  }
}
