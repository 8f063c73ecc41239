package dev.nsm.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the rules in DRL text without compiling it. It only needs to be right for well-formed DRL:
 * anything it misreads, the Drools compiler reports afterwards with a precise position.
 */
final class RuleScanner {

  private static final Pattern RULE_START =
      Pattern.compile("^[ \\t]*rule[ \\t]+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))", Pattern.MULTILINE);
  private static final Pattern RULE_END = Pattern.compile("^[ \\t]*end\\b", Pattern.MULTILINE);

  private RuleScanner() {}

  static List<ScannedRule> scan(RuleFile file) {
    String text = file.text();
    List<ScannedRule> rules = new ArrayList<>();
    Matcher start = RULE_START.matcher(text);
    int from = 0;
    while (start.find(from)) {
      String name =
          start.group(1) != null
              ? start.group(1)
              : start.group(2) != null ? start.group(2) : start.group(3);
      Matcher end = RULE_END.matcher(text);
      int stop = end.find(start.end()) ? end.end() : text.length();
      rules.add(
          ScannedRule.of(
              file.path(), lineOf(text, start.start()), name, text.substring(start.start(), stop)));
      from = stop;
    }
    return rules;
  }

  static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
