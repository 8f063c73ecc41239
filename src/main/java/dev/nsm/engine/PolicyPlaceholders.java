package dev.nsm.engine;

import dev.nsm.event.Transport;
import dev.nsm.policy.Detection;
import dev.nsm.policy.Diagnostic;
import dev.nsm.policy.Policy;
import java.time.Duration;
import java.util.ArrayList;
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
 * <p>A placeholder names a detection and one of its keys: {@code window}, {@code suppress_for}, a
 * duration key the ruleset declares in {@code policy-schema.yaml}, or {@code transports}, which
 * becomes the list of the detection's transports for an {@code in}: {@code transport in
 * (${port-scan.transports})} becomes {@code transport in (Transport.TCP, Transport.UDP)} (an empty
 * list becomes {@code null}, which no fact's transport equals). The test is then on the fact alone,
 * so Drools checks it once per fact as the fact arrives, rather than once per pair of facts it
 * joins. A list can be longer than its placeholder and then moves the rest of its line to the
 * right: write it last on its line. The rule file must import {@code dev.nsm.event.Transport}.
 */
final class PolicyPlaceholders {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}.]+)\\.([^}]+)}");

  private PolicyPlaceholders() {}

  static RuleFile fill(RuleFile file, Policy policy, List<Diagnostic> problems) {
    String text = file.text();
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String literal = literal(policy.detection(m.group(1)), m.group(2));
      if (literal == null) {
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
                    + "' (expected window, suppress_for, transports or a"
                    + " duration key declared in policy-schema.yaml)"));
        literal = "1ms";
      }
      int pad = Math.max(0, m.group().length() - literal.length());
      m.appendReplacement(out, Matcher.quoteReplacement(literal + " ".repeat(pad)));
    }
    m.appendTail(out);
    return new RuleFile(file.path(), out.toString());
  }

  /** The DRL literal for the detection's key, or {@code null} if it has no such key. */
  private static String literal(Detection detection, String key) {
    if (key.equals("transports")) {
      List<String> names = new ArrayList<>();
      for (Transport transport : Transport.values()) {
        if (detection.counts(transport)) {
          names.add("Transport." + transport.name());
        }
      }
      return names.isEmpty() ? "null" : String.join(", ", names);
    }
    Duration value =
        switch (key) {
          case "window" -> detection.window();
          case "suppress_for" -> detection.suppressFor();
          default -> detection.settings().get(key) instanceof Duration custom ? custom : null;
        };
    return value == null ? null : value.toMillis() + "ms";
  }

  private static int columnOf(String text, int offset) {
    int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    return offset - lineStart + 1;
  }
}
