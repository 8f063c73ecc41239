package dev.nsm.engine;

import dev.nsm.event.Alert;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Connection;
import dev.nsm.event.ConnectionOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long each fact type must stay in the session: as long as the longest window of any rule that
 * matches it, including the named windows ({@code declare window}) rules read {@code from window}.
 *
 * <p>nsm deletes facts itself when that time has passed ({@link HeldFacts#expire}), rather than
 * declaring {@code @expires}: Drools would schedule a timer job per live fact on the session's
 * clock, and those jobs took a fifth of the engine's time (its scheduler walks the whole job queue
 * every thousand cancelled window timers) and about 290 bytes per fact. Drools still infers an
 * expiry from the windows when every pattern over a type has one, so the generated declarations
 * add, per type the rules read, a rule whose pattern has none and never matches: that switches
 * Drools' own expiry off. (It also keeps facts from living for ever when a rule matches a type
 * without a window: nsm deletes them all the same.)
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

  /**
   * The DRL that declares each fact type an event with its timestamp, and switches Drools' own
   * expiry off for the types the rules read.
   */
  static String declarations(Set<String> readTypes) {
    StringBuilder drl = new StringBuilder("package nsm.generated;\n");
    for (String type : ScannedRule.FACT_TYPES.stream().sorted().toList()) {
      drl.append("import dev.nsm.event.").append(type).append(";\n");
    }
    for (String type : ScannedRule.FACT_TYPES.stream().sorted().toList()) {
      drl.append("declare ").append(type).append(" @role(event) @timestamp(timestamp) end\n");
    }
    for (String type : readTypes.stream().sorted().toList()) {
      drl.append("rule \"nsm: ")
          .append(type)
          .append(" facts leave by nsm's clock, not by a timer each\" when ")
          .append(type)
          .append("(timestamp < 0) from entry-point \"")
          .append(ENTRY_POINTS.get(type))
          .append("\" then end\n");
    }
    return drl.toString();
  }

  /** Where the session inserts each fact type. */
  private static final Map<String, String> ENTRY_POINTS =
      Map.of(
          "Connection", Connection.ENTRY_POINT,
          "ConnectionOutcome", ConnectionOutcome.ENTRY_POINT,
          "AuthAttempt", AuthAttempt.ENTRY_POINT,
          "Alert", Alert.ENTRY_POINT);
}
