package dev.nsm.engine;

import dev.nsm.policy.Detection;
import dev.nsm.policy.Diagnostic;
import dev.nsm.policy.Policy;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the typed placeholders of a DRL file from the validated policy. Drools wants window lengths
 * and {@code @expires} as literals, so {@code window:time(${port-scan.window})} becomes {@code
 * window:time(60000ms)} before compiling. The literal is padded with spaces to the placeholder's
 * length, so every line and column after it stays where it was and compiler errors still point into
 * the file the user wrote.
 *
 * <p>A placeholder names a detection and one of its duration keys: {@code window}, {@code
 * suppress_for}, or a duration key the ruleset declares in {@code policy-schema.yaml}.
 */
final class PolicyPlaceholders {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}.]+)\\.([^}]+)}");

  private PolicyPlaceholders() {}

  static RuleFile fill(RuleFile file, Policy policy, List<Diagnostic> problems) {
    String text = file.text();
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      Duration value = lookUp(policy.detection(m.group(1)), m.group(2));
      String literal;
      if (value == null) {
        problems.add(
            Diagnostic.error(
                file.path(),
                RuleScanner.lineOf(text, m.start()),
                columnOf(text, m.start()),
                "placeholder "
                    + m.group()
                    + ": '"
                    + m.group(2)
                    + "' is not a duration key of"
                    + " detection '"
                    + m.group(1)
                    + "' (expected window, suppress_for or a"
                    + " duration key declared in policy-schema.yaml)"));
        literal = "1ms";
      } else {
        literal = value.toMillis() + "ms";
      }
      int pad = Math.max(0, m.group().length() - literal.length());
      m.appendReplacement(out, Matcher.quoteReplacement(literal + " ".repeat(pad)));
    }
    m.appendTail(out);
    return new RuleFile(file.path(), out.toString());
  }

  private static Duration lookUp(Detection detection, String key) {
    return switch (key) {
      case "window" -> detection.window();
      case "suppress_for" -> detection.suppressFor();
      default -> detection.settings().get(key) instanceof Duration custom ? custom : null;
    };
  }

  private static int columnOf(String text, int offset) {
    int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    return offset - lineStart + 1;
  }
}
