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
 * the rules, and from the named windows ({@code declare window}) they read {@code from window}.
 */
final class FactExpiry {

  /** Facts live at least this long, enough for rules that match them without a window. */
  static final long FLOOR_MILLIS = 1_000;

  private static final Pattern WINDOW =
      Pattern.compile("window:time\\(\\s*(\\d+)\\s*(ms|s|m|h|d)?\\s*\\)");

  // declare window Name  Type(...) over window:time(...) ... end
  private static final Pattern DECLARED_WINDOW =
      Pattern.compile(
          "^[ \\t]*declare\\s+window\\s+(\\w+)\\s+(\\w+)\\s*\\((.*?)^[ \\t]*end\\b",
          Pattern.MULTILINE | Pattern.DOTALL);
  private static final Pattern FROM_WINDOW = Pattern.compile("\\bfrom\\s+window\\s+(\\w+)");

  private FactExpiry() {}

  /** A named window: the fact type it holds and how long it holds it. */
  private record NamedWindow(String type, long millis) {}

  static Map<String, Long> of(List<ScannedRule> rules) {
    return of(rules, List.of());
  }

  /**
   * @param rules the rules that run
   * @param files the files (placeholders filled) that may declare the named windows they read
   */
  static Map<String, Long> of(List<ScannedRule> rules, List<RuleFile> files) {
    Map<String, NamedWindow> named = new HashMap<>();
    for (RuleFile file : files) {
      Matcher m = DECLARED_WINDOW.matcher(file.text());
      while (m.find()) {
        named.put(m.group(1), new NamedWindow(m.group(2), longestWindow(m.group(3))));
      }
    }
    Map<String, Long> expiry = new HashMap<>();
    for (String type : ScannedRule.FACT_TYPES) {
      expiry.put(type, FLOOR_MILLIS);
    }
    for (ScannedRule rule : rules) {
      long longest = longestWindow(rule.body());
      for (String type : rule.factTypes()) {
        expiry.merge(type, longest, Math::max);
      }
      Matcher from = FROM_WINDOW.matcher(rule.body());
      while (from.find()) {
        NamedWindow window = named.get(from.group(1));
        if (window != null && expiry.containsKey(window.type())) {
          expiry.merge(window.type(), window.millis(), Math::max);
        }
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
