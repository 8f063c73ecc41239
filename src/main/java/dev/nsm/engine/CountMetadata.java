package dev.nsm.engine;

import dev.nsm.engine.CountedFacts.Field;
import dev.nsm.engine.CountedFacts.Kind;
import dev.nsm.event.IpAddress;
import dev.nsm.policy.Diagnostic;
import dev.nsm.policy.DidYouMean;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code @counts}, {@code @distinct}, {@code @sample} and {@code @trigger} from a rule's
 * header and checks them, so a typo is an error of {@code nsm check} naming file and line rather
 * than a boundary test that quietly generates the wrong facts.
 */
final class CountMetadata {

  private static final List<String> NAMES = List.of("counts", "distinct", "sample", "trigger");
  private static final Pattern ANNOTATION =
      Pattern.compile("@(counts|distinct|sample|trigger)\\b\\s*\\(\\s*(\"([^\"]*)\")?");
  // At the start of a line, so a rule named "Alert when ..." keeps its header.
  private static final Pattern WHEN = Pattern.compile("^[ \\t]*when\\b", Pattern.MULTILINE);
  private static final Pattern PAIR = Pattern.compile("\\S+");
  private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  private final ScannedRule rule;
  private final List<Diagnostic> problems;
  private boolean failed;

  private CountMetadata(ScannedRule rule, List<Diagnostic> problems) {
    this.rule = rule;
    this.problems = problems;
  }

  /**
   * What the rule declares it counts, or {@code null} when it declares nothing (or something wrong,
   * reported in {@code problems}).
   */
  static CountedFacts read(ScannedRule rule, List<Diagnostic> problems) {
    return new CountMetadata(rule, problems).read();
  }

  /** One annotation: its value and where the value starts in the rule's text. */
  private record Found(String name, String value, int at) {}

  private CountedFacts read() {
    Matcher when = WHEN.matcher(rule.body());
    // Only the header: the same words may appear in conditions, strings or consequences.
    String header = when.find() ? rule.body().substring(0, when.start()) : rule.body();
    Map<String, Found> found = new HashMap<>();
    Matcher m = ANNOTATION.matcher(header);
    while (m.find()) {
      String name = m.group(1);
      if (m.group(2) == null) {
        error(m.start(), "@" + name + " takes one quoted string, e.g. " + example(name));
        continue;
      }
      Found earlier = found.putIfAbsent(name, new Found(name, m.group(3), m.start(3)));
      if (earlier != null) {
        error(m.start(), "@" + name + " is given twice");
      }
    }
    if (found.isEmpty()) {
      return null;
    }
    Found counts = found.get("counts");
    if (counts == null) {
      for (String name : NAMES) {
        if (found.containsKey(name)) {
          error(
              found.get(name).at(),
              "@" + name + " needs @counts(\"connections\") or @counts(\"auth-attempts\") too");
        }
      }
      return null;
    }
    Kind kind = Kind.of(counts.value());
    if (kind == null) {
      List<String> known = Arrays.stream(Kind.values()).map(Kind::entryPoint).toList();
      error(
          counts.at(),
          "@counts(\""
              + counts.value()
              + "\"): unknown entry point (expected connections or auth-attempts)"
              + DidYouMean.hint(counts.value(), known));
      return null;
    }
    Map<Field, String> sample = pairs(kind, found.get("sample"));
    Map<Field, String> trigger = pairs(kind, found.get("trigger"));
    Field distinct = distinct(kind, found.get("distinct"), sample, trigger);
    // The trigger's fields must be in the sample too, so the counted facts' values are stated
    // rather than left to the generator's defaults, which might equal the trigger's.
    for (Field field : trigger.keySet()) {
      if (!sample.containsKey(field)) {
        error(
            found.get("trigger").at(),
            "@trigger sets "
                + field.key()
                + ", which @sample does not: say what the counted facts have, e.g."
                + " @sample(\"outcome=failure\") with @trigger(\"outcome=success\")");
      }
    }
    if (!trigger.isEmpty()
        && sample.keySet().containsAll(trigger.keySet())
        && sameAsSample(sample, trigger)) {
      error(
          found.get("trigger").at(),
          "@trigger changes nothing of the sample: the trigger must be a fact the rule does not"
              + " count, e.g. @trigger(\"outcome=success\") with @sample(\"outcome=failure\")");
    }
    if (failed) {
      return null;
    }
    return new CountedFacts(kind, distinct, sample, trigger);
  }

  private Map<Field, String> pairs(Kind kind, Found annotation) {
    Map<Field, String> values = new EnumMap<>(Field.class);
    if (annotation == null) {
      return values;
    }
    Matcher pair = PAIR.matcher(annotation.value());
    if (!pair.find()) {
      error(annotation.at(), "@" + annotation.name() + " is empty; " + example(annotation.name()));
      return values;
    }
    do {
      int at = annotation.at() + pair.start();
      String text = pair.group();
      int equals = text.indexOf('=');
      if (equals <= 0 || equals == text.length() - 1) {
        error(at, "@" + annotation.name() + ": '" + text + "' is not field=value");
        continue;
      }
      String key = text.substring(0, equals);
      Field field = Field.of(kind, key);
      if (field == null) {
        error(
            at,
            "@"
                + annotation.name()
                + ": unknown field '"
                + key
                + "' for "
                + kind.entryPoint()
                + " (expected one of "
                + String.join(", ", Field.keys(kind))
                + ")"
                + DidYouMean.hint(key, Field.keys(kind)));
        continue;
      }
      if (values.containsKey(field)) {
        error(at, "@" + annotation.name() + ": " + key + " is given twice");
        continue;
      }
      String value =
          checked(annotation.name(), kind, field, text.substring(equals + 1), at + equals + 1);
      if (value != null) {
        values.put(field, value);
      }
    } while (pair.find());
    return values;
  }

  /** The value as the generator reads it, or {@code null} after reporting what is wrong. */
  private String checked(String annotation, Kind kind, Field field, String value, int at) {
    String expected;
    List<String> symbols = List.of();
    switch (field) {
      case SRC_PORT, DST_PORT -> {
        if (value.matches("[0-9]{1,5}") && Integer.parseInt(value) <= 65535) {
          return value;
        }
        if (field == Field.DST_PORT && kind == Kind.CONNECTIONS) {
          if (value.equals(CountedFacts.UNUSUAL)) {
            return value;
          }
          symbols = List.of(CountedFacts.UNUSUAL);
          expected = "a port 0-65535, or unusual: a port not in standard_ports";
        } else {
          expected = "a port 0-65535";
        }
      }
      case DST_IP -> {
        if (value.equals(CountedFacts.HOME) || IpAddress.parse(value) != null) {
          return value;
        }
        symbols = List.of(CountedFacts.HOME);
        expected = "an IPv4 or IPv6 address, or home: an address in home_networks";
      }
      case TRANSPORT -> {
        symbols = List.of("tcp", "udp", "icmp");
        expected = "one of tcp, udp, icmp";
      }
      case OUTCOME -> {
        symbols = List.of("success", "failure");
        expected = "success or failure";
      }
      case SERVICE -> {
        if (SERVICE.matcher(value).matches()) {
          return value;
        }
        expected = "a lower-case service name such as ssh or ftp";
      }
      default -> {
        return value; // user: any text without spaces
      }
    }
    if (symbols.contains(value)) {
      return value;
    }
    error(
        at,
        "@"
            + annotation
            + ": unknown value '"
            + value
            + "' for "
            + field.key()
            + ", expected "
            + expected
            + DidYouMean.hint(value, symbols));
    return null;
  }

  private Field distinct(
      Kind kind, Found annotation, Map<Field, String> sample, Map<Field, String> trigger) {
    if (annotation == null) {
      return null;
    }
    Field field = Field.of(kind, annotation.value().strip());
    List<String> countable =
        Arrays.stream(Field.values())
            .filter(f -> f.of(kind) && f.countable())
            .map(Field::key)
            .toList();
    if (field == null || !field.countable()) {
      error(
          annotation.at(),
          "@distinct(\""
              + annotation.value()
              + "\"): "
              + (field == null
                  ? "unknown field for " + kind.entryPoint()
                  : "too few values to count distinct ones")
              + " (expected one of "
              + String.join(", ", countable)
              + ")"
              + DidYouMean.hint(annotation.value().strip(), countable));
      return null;
    }
    String fixed = sample.get(field);
    if (fixed != null && !fixed.equals(CountedFacts.HOME) && !fixed.equals(CountedFacts.UNUSUAL)) {
      error(
          annotation.at(),
          "@distinct(\""
              + field.key()
              + "\") but @sample fixes "
              + field.key()
              + "="
              + fixed
              + ": distinct values cannot all be one value");
    }
    if (trigger.containsKey(field)) {
      error(annotation.at(), "@trigger may not set the @distinct field " + field.key());
    }
    return field;
  }

  private static boolean sameAsSample(Map<Field, String> sample, Map<Field, String> trigger) {
    return trigger.entrySet().stream().allMatch(e -> e.getValue().equals(sample.get(e.getKey())));
  }

  private static String example(String name) {
    return switch (name) {
      case "counts" -> "@counts(\"connections\")";
      case "distinct" -> "@distinct(\"dst_port\")";
      case "sample" -> "@sample(\"dst_ip=home dst_port=unusual\")";
      default -> "@trigger(\"outcome=success\")";
    };
  }

  private void error(int offset, String message) {
    failed = true;
    String body = rule.body();
    int lineStart = body.lastIndexOf('\n', offset - 1) + 1;
    problems.add(
        Diagnostic.error(
            rule.file(),
            lineAt(offset),
            offset - lineStart + 1,
            "rule '" + rule.name() + "': " + message));
  }

  private int lineAt(int offset) {
    return rule.line() + RuleScanner.lineOf(rule.body(), offset) - 1;
  }
}
