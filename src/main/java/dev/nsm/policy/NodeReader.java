package dev.nsm.policy;

import dev.nsm.event.Severity;
import dev.nsm.event.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads typed values out of one file's YAML nodes, recording a diagnostic (file, line, column, key,
 * expected form) for every value that does not fit and carrying on, so one pass finds every
 * problem. Each reader returns {@code null} after recording a problem.
 */
public final class NodeReader {

  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]{1,18}");

  private final String file;
  private final List<Diagnostic> diagnostics;

  public NodeReader(String file, List<Diagnostic> diagnostics) {
    this.file = file;
    this.diagnostics = diagnostics;
  }

  public String file() {
    return file;
  }

  /** "detections" + "port-scan" gives "detections.port-scan"; the top level has an empty path. */
  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public void error(Node at, String message) {
    Mark mark = at == null ? null : at.getStartMark();
    diagnostics.add(
        Diagnostic.error(
            file,
            mark == null ? 0 : mark.getLine() + 1,
            mark == null ? 0 : mark.getColumn() + 1,
            message));
  }

  public FilePosition position(Node node) {
    Mark mark = node.getStartMark();
    return new FilePosition(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  /**
   * The entries of a mapping in document order, keyed by their text. Reports duplicate keys (at the
   * second occurrence) and keys that are not plain text. An empty value ({@code key:} with nothing
   * after it) reads as an empty mapping, so a section whose lines are all commented out is fine.
   *
   * @return the entries, or {@code null} when the node is not a mapping (reported)
   */
  public Map<String, NodeTuple> mapping(Node node, String path) {
    if (isNull(node)) {
      return new LinkedHashMap<>();
    }
    if (!(node instanceof MappingNode mapping)) {
      error(node, prefix(path) + "expected a mapping of keys to values, found " + describe(node));
      return null;
    }
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        error(
            tuple.getKeyNode(),
            prefix(path) + "a key must be plain text, found " + describe(tuple.getKeyNode()));
        continue;
      }
      NodeTuple first = entries.putIfAbsent(key.getValue(), tuple);
      if (first != null) {
        error(
            key,
            "duplicate key '"
                + key.getValue()
                + "'"
                + (path.isEmpty() ? "" : " in " + path)
                + " (first given at line "
                + (first.getKeyNode().getStartMark().getLine() + 1)
                + ")");
      }
    }
    return entries;
  }

  /**
   * Checks the {@code schema_version: 1} every policy and schema file must start with, so a file
   * written for a later format is refused rather than half understood.
   */
  void requireSchemaVersion(Map<String, NodeTuple> entries, Node root) {
    NodeTuple entry = entries.get("schema_version");
    if (entry == null) {
      error(
          root,
          "missing required key 'schema_version' (expected schema_version: 1 at the top of the"
              + " file)");
      return;
    }
    Long version = integer(entry.getValueNode(), "schema_version", Long.MIN_VALUE, Long.MAX_VALUE);
    if (version != null && version != 1) {
      error(
          entry.getValueNode(),
          "schema_version: "
              + version
              + " is not supported (expected 1; this nsm reads version 1 only)");
    }
  }

  /** Reports an unknown key, with a "did you mean" hint or else the keys that are known. */
  public void unknownKey(NodeTuple entry, String path, Collection<String> known) {
    String key = ((ScalarNode) entry.getKeyNode()).getValue();
    String hint = DidYouMean.hint(key, known);
    if (hint.isEmpty() && !known.isEmpty()) {
      hint = " (expected one of: " + String.join(", ", known) + ")";
    }
    error(
        entry.getKeyNode(),
        "unknown key '" + key + "'" + (path.isEmpty() ? "" : " in " + path) + hint);
  }

  public Long integer(Node node, String path, long min, long max) {
    String text = scalar(node, path, "an integer");
    if (text == null) {
      return null;
    }
    if (!INTEGER.matcher(text).matches()) {
      error(
          node,
          prefix(path) + "'" + text + "' is not an integer (expected " + range(min, max) + ")");
      return null;
    }
    long value = Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
    if (value < min || value > max) {
      error(node, prefix(path) + value + " is out of range (expected " + range(min, max) + ")");
      return null;
    }
    return value;
  }

  Boolean bool(Node node, String path) {
    String text = scalar(node, path, "true or false");
    if (text == null) {
      return null;
    }
    // Only true/false: YAML 1.1 would also read yes/no/on/off, a known source of surprises.
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    error(node, prefix(path) + "'" + text + "' is not a boolean (expected true or false)");
    return null;
  }

  /** A duration; {@code positive} refuses zero (a zero window would never count anything). */
  public Duration duration(Node node, String path, boolean positive) {
    String text = scalar(node, path, "a duration like 1s or 5m");
    if (text == null) {
      return null;
    }
    Duration value = convert(node, path, text, DurationText::parse);
    if (value != null && positive && value.isZero()) {
      error(
          node,
          prefix(path) + "'" + text + "' is zero (expected a duration longer than zero, e.g. 1s)");
      return null;
    }
    return value;
  }

  public String string(Node node, String path) {
    return scalar(node, path, "text");
  }

  public Severity severity(Node node, String path) {
    String text = scalar(node, path, "one of low, medium, high, critical");
    return text == null ? null : convert(node, path, text, Severity::parse);
  }

  CidrSet cidrs(Node node, String path) {
    List<ScalarNode> items = list(node, path, "CIDRs like [10.0.0.0/8, 2001:db8::/32]");
    if (items == null) {
      return null;
    }
    List<String> texts = new ArrayList<>();
    boolean valid = true;
    for (int i = 0; i < items.size(); i++) {
      String text = items.get(i).getValue();
      if (convert(items.get(i), path + "[" + i + "]", text, CidrSet.Network::parse) == null) {
        valid = false;
      }
      texts.add(text);
    }
    return valid ? CidrSet.of(texts) : null;
  }

  PortSet ports(Node node, String path) {
    List<ScalarNode> items = list(node, path, "ports like [22, 80, 8000-8080]");
    if (items == null) {
      return null;
    }
    List<String> texts = new ArrayList<>();
    boolean valid = true;
    for (int i = 0; i < items.size(); i++) {
      String text = items.get(i).getValue();
      if (convert(items.get(i), path + "[" + i + "]", text, PortSet::parseRange) == null) {
        valid = false;
      }
      texts.add(text);
    }
    return valid ? PortSet.of(texts) : null;
  }

  Set<Transport> transports(Node node, String path) {
    List<ScalarNode> items = list(node, path, "transports like [tcp, udp]");
    if (items == null) {
      return null;
    }
    Set<Transport> transports = EnumSet.noneOf(Transport.class);
    boolean valid = true;
    for (int i = 0; i < items.size(); i++) {
      Transport t =
          convert(items.get(i), path + "[" + i + "]", items.get(i).getValue(), Transport::parse);
      if (t == null) {
        valid = false;
      } else {
        transports.add(t);
      }
    }
    return valid ? transports : null;
  }

  /** A value of a custom key's type, boxed as {@link CustomKey.Type#javaType()}. */
  Object value(CustomKey.Type type, Node node, String path, Long min, Long max) {
    return switch (type) {
      case INTEGER ->
          integer(
              node, path, min == null ? Long.MIN_VALUE : min, max == null ? Long.MAX_VALUE : max);
      case DURATION -> duration(node, path, false);
      case PORTS -> ports(node, path);
      case CIDRS -> cidrs(node, path);
      case STRING -> string(node, path);
      case BOOLEAN -> bool(node, path);
    };
  }

  public static boolean isNull(Node node) {
    return node == null || (node instanceof ScalarNode && Tag.NULL.equals(node.getTag()));
  }

  /** The text of a scalar, or {@code null} after reporting a list, mapping or empty value. */
  private String scalar(Node node, String path, String expected) {
    if (node instanceof ScalarNode scalar && !isNull(node)) {
      return scalar.getValue();
    }
    error(node, prefix(path) + "expected " + expected + ", found " + describe(node));
    return null;
  }

  /** The items of a list of scalars, or {@code null} after reporting what is wrong. */
  private List<ScalarNode> list(Node node, String path, String expected) {
    if (!(node instanceof SequenceNode sequence)) {
      error(node, prefix(path) + "expected a list of " + expected + ", found " + describe(node));
      return null;
    }
    List<ScalarNode> items = new ArrayList<>();
    boolean valid = true;
    List<Node> values = sequence.getValue();
    for (int i = 0; i < values.size(); i++) {
      Node item = values.get(i);
      if (item instanceof ScalarNode scalar && !isNull(item)) {
        items.add(scalar);
      } else {
        error(item, path + "[" + i + "]: expected a single value, found " + describe(item));
        valid = false;
      }
    }
    return valid ? items : null;
  }

  /** Applies a parser whose IllegalArgumentException message says what was expected. */
  private <T> T convert(Node node, String path, String text, Function<String, T> parser) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      error(node, prefix(path) + e.getMessage());
      return null;
    }
  }

  private static String prefix(String path) {
    return path.isEmpty() ? "" : path + ": ";
  }

  private static String range(long min, long max) {
    if (min == Long.MIN_VALUE && max == Long.MAX_VALUE) {
      return "a whole number";
    }
    if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
      return "a whole number >= " + min;
    }
    return "a whole number from " + min + " to " + max;
  }

  private static String describe(Node node) {
    if (isNull(node)) {
      return "nothing";
    }
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "'" + ((ScalarNode) node).getValue() + "'";
  }
}
