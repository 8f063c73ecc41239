package dev.nsm.policy;

import dev.nsm.event.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a policy as block-style YAML in a fixed key order, so {@code nsm check --print-policy}
 * shows the settings in force and its output loads back to the same policy.
 */
final class PolicyYamlWriter {

  // Text that reads back as the same string when written without quotes.
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private final StringBuilder out = new StringBuilder();

  private PolicyYamlWriter() {}

  static String write(Policy policy) {
    return new PolicyYamlWriter().policy(policy).out.toString();
  }

  private PolicyYamlWriter policy(Policy policy) {
    line(
        0,
        "# The policy in force, merged from: "
            + String.join(", ", policy.files()).replaceAll("[\\r\\n]", " "));
    line(0, "schema_version: " + policy.schemaVersion());
    cidrs(0, "home_networks", policy.homeNetworks());
    cidrs(0, "allow", policy.allow());
    line(0, "standard_ports:");
    for (Map.Entry<Transport, PortSet> ports : policy.standardPorts().entrySet()) {
      line(1, ports.getKey().label() + ": " + flow(ports.getValue().ranges()));
    }
    line(0, "ipv6_source_prefix: " + policy.ipv6SourcePrefix());
    line(0, policy.detections().isEmpty() ? "detections: {}" : "detections:");
    for (Detection detection : policy.detections().values()) {
      detection(detection);
    }
    return this;
  }

  private void detection(Detection d) {
    line(1, key(d.id()) + ":");
    line(2, "enabled: " + d.enabled());
    if (d.severity() == null) {
      line(2, "# severity: not set, the rule's own @severity applies");
    } else {
      line(2, "severity: " + d.severity().label());
    }
    line(2, "min_count: " + d.minCount());
    line(2, "window: " + DurationText.format(d.window()));
    line(2, "suppress_for: " + DurationText.format(d.suppressFor()));
    line(2, "transports: " + flow(d.transports().stream().map(Transport::label).toList()));
    cidrs(2, "allow", d.allow());
    for (Map.Entry<String, Object> setting : d.settings().entrySet()) {
      setting(setting.getKey(), setting.getValue());
    }
  }

  private void setting(String key, Object value) {
    if (value instanceof CidrSet cidrs) {
      cidrs(2, key(key), cidrs);
    } else if (value instanceof PortSet ports) {
      line(2, key(key) + ": " + flow(ports.ranges()));
    } else if (value instanceof Duration duration) {
      line(2, key(key) + ": " + DurationText.format(duration));
    } else if (value instanceof String text) {
      line(2, key(key) + ": " + quoted(text));
    } else {
      line(2, key(key) + ": " + value); // Long or Boolean
    }
  }

  private void cidrs(int depth, String key, CidrSet cidrs) {
    if (cidrs.isEmpty()) {
      line(depth, key + ": []");
      return;
    }
    line(depth, key + ":");
    for (String cidr : cidrs.cidrs()) {
      line(depth + 1, "- " + cidr);
    }
  }

  /** Ports and transports are short words, clearer on one line: {@code [22, 8000-8080]}. */
  private static String flow(List<String> items) {
    return "[" + String.join(", ", items) + "]";
  }

  private static String key(String key) {
    return PLAIN.matcher(key).matches() ? key : quoted(key);
  }

  private static String quoted(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            quoted.append(String.format("\\x%02x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  private void line(int depth, String text) {
    out.append("  ".repeat(depth)).append(text).append('\n');
  }
}
