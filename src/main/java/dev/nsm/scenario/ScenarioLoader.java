package dev.nsm.scenario;

import dev.nsm.event.IpAddress;
import dev.nsm.event.Severity;
import dev.nsm.policy.CidrSet;
import dev.nsm.policy.Diagnostic;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.policy.NodeReader;
import dev.nsm.policy.TrustedPath;
import dev.nsm.policy.YamlTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a {@code scenario.yaml} strictly: an unknown key, a value of the wrong type or an input
 * file that does not exist is an error naming file, line, column and key, because a typo in a test
 * would otherwise make it pass without testing anything.
 */
public final class ScenarioLoader {

  private static final List<String> TOP_KEYS =
      List.of(
          "name",
          "inputs",
          "rules",
          "policy",
          "log_year",
          "log_zone",
          "expect",
          "expect_none",
          "expect_report");
  private static final List<String> INPUT_KEYS = List.of("pcap", "auth_log", "events");
  private static final List<String> FILTER_KEYS =
      List.of("rule", "source", "destination", "destination_port", "severity");
  private static final List<String> EXPECT_KEYS =
      concat(FILTER_KEYS, "count", "min", "max", "first_at", "tolerance");
  private static final List<String> EXPECT_NONE_KEYS = concat(FILTER_KEYS, "severity_at_least");
  private static final List<String> REPORT_KEYS = List.of("alerts_by_rule", "alerts_by_severity");

  private final Path directory;
  private final NodeReader reader;
  private final List<RuleReference> ruleReferences = new ArrayList<>();

  private ScenarioLoader(Path file, List<Diagnostic> diagnostics) {
    // Kept as given (relative when the user gave a relative path), so that evidence and near
    // misses name inputs the way the user would, not by this machine's absolute paths.
    Path parent = file.normalize().getParent();
    this.directory = parent != null ? parent : Path.of("");
    this.reader = new NodeReader(file.toString(), diagnostics);
  }

  /**
   * Reads and checks a scenario file.
   *
   * @throws InvalidInputException listing every problem found
   * @throws IOException if the file cannot be read
   */
  public static Scenario load(Path file) throws InvalidInputException, IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<Diagnostic> diagnostics = new ArrayList<>();
    Node root = YamlTree.compose(file.toString(), text, diagnostics);
    if (root == null) {
      if (diagnostics.isEmpty()) {
        diagnostics.add(
            Diagnostic.error(
                file.toString(), 0, 0, "empty scenario (expected inputs: and expect:)"));
      }
      throw new InvalidInputException(diagnostics);
    }
    Scenario scenario = new ScenarioLoader(file, diagnostics).read(root);
    if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
      throw new InvalidInputException(diagnostics);
    }
    return scenario;
  }

  private Scenario read(Node root) {
    Map<String, NodeTuple> entries = known(root, "", TOP_KEYS);
    String name = directory.toAbsolutePath().normalize().getFileName().toString();
    List<Path> pcaps = List.of();
    List<Path> authLogs = List.of();
    List<Path> events = List.of();
    if (entries.containsKey("name")) {
      name = reader.string(value(entries, "name"), "name");
    }
    if (entries.containsKey("inputs")) {
      Map<String, NodeTuple> inputs = known(value(entries, "inputs"), "inputs", INPUT_KEYS);
      pcaps = files(inputs.get("pcap"), "inputs.pcap", false);
      authLogs = files(inputs.get("auth_log"), "inputs.auth_log", false);
      events = files(inputs.get("events"), "inputs.events", false);
    }
    if (pcaps.isEmpty() && authLogs.isEmpty() && events.isEmpty()) {
      reader.error(root, "no inputs (expected inputs: with pcap, auth_log or events files)");
    }
    List<Path> rules = files(entries.get("rules"), "rules", true);
    Long year = null;
    if (entries.containsKey("log_year")) {
      year = reader.integer(value(entries, "log_year"), "log_year", 1970, 9999);
    }
    return new Scenario(
        directory,
        name,
        pcaps,
        authLogs,
        events,
        rules.isEmpty() ? null : rules.get(0),
        files(entries.get("policy"), "policy", false),
        year == null ? null : year.intValue(),
        zone(entries.get("log_zone")),
        items(entries.get("expect"), "expect", this::expectation),
        items(entries.get("expect_none"), "expect_none", this::forbidden),
        report(entries.get("expect_report")),
        List.copyOf(ruleReferences));
  }

  private Expectation expectation(Node node, String path) {
    Map<String, NodeTuple> entries = known(node, path, EXPECT_KEYS);
    AlertFilter filter = filter(entries, path, null);
    Long count = count(entries, "count", path);
    Long min = count(entries, "min", path);
    Long max = count(entries, "max", path);
    if (count != null && (min != null || max != null)) {
      reader.error(node, path + ": give count, or min and/or max, not both");
    }
    Instant firstAt = null;
    if (entries.containsKey("first_at")) {
      firstAt = instant(value(entries, "first_at"), path + ".first_at");
    }
    Duration tolerance = Duration.ZERO;
    if (entries.containsKey("tolerance")) {
      tolerance = reader.duration(value(entries, "tolerance"), path + ".tolerance", false);
    }
    long low = count != null ? count : min != null ? min : (max != null ? 0 : 1);
    return new Expectation(filter, low, count != null ? count : max, firstAt, tolerance);
  }

  private AlertFilter forbidden(Node node, String path) {
    Map<String, NodeTuple> entries = known(node, path, EXPECT_NONE_KEYS);
    Severity atLeast = null;
    if (entries.containsKey("severity_at_least")) {
      atLeast = reader.severity(value(entries, "severity_at_least"), path + ".severity_at_least");
    }
    return filter(entries, path, atLeast);
  }

  private AlertFilter filter(Map<String, NodeTuple> entries, String path, Severity atLeast) {
    Long port = null;
    if (entries.containsKey("destination_port")) {
      port =
          reader.integer(value(entries, "destination_port"), path + ".destination_port", 0, 65535);
    }
    Severity severity = null;
    if (entries.containsKey("severity")) {
      severity = reader.severity(value(entries, "severity"), path + ".severity");
    }
    return new AlertFilter(
        ruleId(entries.get("rule"), path + ".rule"),
        address(entries, "source", path),
        address(entries, "destination", path),
        port == null ? null : port.intValue(),
        severity,
        atLeast);
  }

  private ExpectedReport report(NodeTuple entry) {
    if (entry == null) {
      return ExpectedReport.NONE;
    }
    Map<String, NodeTuple> entries = known(entry.getValueNode(), "expect_report", REPORT_KEYS);
    Map<String, Long> byRule = new LinkedHashMap<>();
    Map<Severity, Long> bySeverity = new LinkedHashMap<>();
    counts(entries.get("alerts_by_rule"), "expect_report.alerts_by_rule", byRule);
    NodeTuple severityEntry = entries.get("alerts_by_severity");
    if (severityEntry != null) {
      Map<String, NodeTuple> items =
          reader.mapping(severityEntry.getValueNode(), "expect_report.alerts_by_severity");
      for (NodeTuple item : items == null ? List.<NodeTuple>of() : items.values()) {
        String path = "expect_report.alerts_by_severity";
        Severity severity = reader.severity(item.getKeyNode(), path);
        Long count = reader.integer(item.getValueNode(), path, 0, Long.MAX_VALUE);
        if (severity != null && count != null) {
          bySeverity.put(severity, count);
        }
      }
    }
    return new ExpectedReport(byRule, bySeverity);
  }

  private void counts(NodeTuple entry, String path, Map<String, Long> into) {
    if (entry == null) {
      return;
    }
    Map<String, NodeTuple> items = reader.mapping(entry.getValueNode(), path);
    if (items == null) {
      return;
    }
    for (Map.Entry<String, NodeTuple> item : items.entrySet()) {
      ruleReferences.add(
          new RuleReference(item.getKey(), reader.position(item.getValue().getKeyNode())));
      Long count =
          reader.integer(
              item.getValue().getValueNode(), path + "." + item.getKey(), 0, Long.MAX_VALUE);
      if (count != null) {
        into.put(item.getKey(), count);
      }
    }
  }

  /** A list of mappings, each read by {@code item}; a problem in one does not hide the others. */
  private <T> List<T> items(NodeTuple entry, String path, ItemReader<T> item) {
    if (entry == null || NodeReader.isNull(entry.getValueNode())) {
      return List.of();
    }
    if (!(entry.getValueNode() instanceof SequenceNode sequence)) {
      reader.error(entry.getValueNode(), path + ": expected a list of entries like '- rule: ...'");
      return List.of();
    }
    List<T> read = new ArrayList<>();
    for (int i = 0; i < sequence.getValue().size(); i++) {
      read.add(item.read(sequence.getValue().get(i), path + "[" + i + "]"));
    }
    return read;
  }

  private interface ItemReader<T> {
    T read(Node node, String path);
  }

  /**
   * Files relative to the scenario directory, each of which must exist: a list, or for {@code
   * directory} a single ruleset directory.
   */
  private List<Path> files(NodeTuple entry, String path, boolean directoryWanted) {
    if (entry == null) {
      return List.of();
    }
    Node value = entry.getValueNode();
    List<Node> items;
    if (directoryWanted) {
      items = List.of(value);
    } else if (value instanceof SequenceNode sequence) {
      items = sequence.getValue();
    } else {
      reader.error(value, path + ": expected a list of files like [capture.pcap]");
      return List.of();
    }
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String itemPath = directoryWanted ? path : path + "[" + i + "]";
      String text = reader.string(items.get(i), itemPath);
      if (text == null) {
        continue;
      }
      if (TrustedPath.looksLikeUrl(text)) {
        reader.error(
            items.get(i),
            itemPath
                + ": '"
                + text
                + "' is a URL; nsm reads scenario files, rules and policies only from local"
                + " paths and never fetches them from the network");
        continue;
      }
      Path resolved = directory.resolve(text).normalize();
      if (directoryWanted ? !Files.isDirectory(resolved) : !Files.isRegularFile(resolved)) {
        reader.error(
            items.get(i),
            itemPath
                + ": "
                + (directoryWanted ? "no directory " : "no file ")
                + resolved
                + " (paths are relative to the scenario's directory)");
        continue;
      }
      paths.add(resolved);
    }
    return paths;
  }

  private ZoneId zone(NodeTuple entry) {
    if (entry == null) {
      return null;
    }
    String text = reader.string(entry.getValueNode(), "log_zone");
    if (text == null) {
      return null;
    }
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      reader.error(
          entry.getValueNode(),
          "log_zone: '" + text + "' is not a time zone (expected e.g. UTC or Europe/Berlin)");
      return null;
    }
  }

  private Instant instant(Node node, String path) {
    String text = reader.string(node, path);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeException e) {
      reader.error(
          node,
          path + ": '" + text + "' is not a UTC time (expected e.g. 2026-11-25T09:01:02.350Z)");
      return null;
    }
  }

  private Long count(Map<String, NodeTuple> entries, String key, String path) {
    NodeTuple entry = entries.get(key);
    return entry == null
        ? null
        : reader.integer(entry.getValueNode(), path + "." + key, 0, Long.MAX_VALUE);
  }

  /**
   * An address or CIDR network, checked, because a misspelt address would make an expect_none entry
   * pass without testing anything. Addresses are written canonically (as alerts carry them), so
   * 2001:DB8::0:1 matches 2001:db8::1.
   */
  private String address(Map<String, NodeTuple> entries, String key, String path) {
    String text = text(entries, key, path);
    if (text == null) {
      return null;
    }
    if (text.indexOf('/') < 0) {
      byte[] address = IpAddress.parse(text);
      if (address != null) {
        return IpAddress.format(address);
      }
    } else {
      try {
        CidrSet.of(List.of(text));
        return text;
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    reader.error(
        value(entries, key),
        path
            + "."
            + key
            + ": '"
            + text
            + "' is not an IP address or CIDR network (expected e.g. 198.51.100.7 or"
            + " 198.51.100.0/24)");
    return null;
  }

  private String ruleId(NodeTuple entry, String path) {
    String id = entry == null ? null : reader.string(entry.getValueNode(), path);
    if (id != null) {
      ruleReferences.add(new RuleReference(id, reader.position(entry.getValueNode())));
    }
    return id;
  }

  private String text(Map<String, NodeTuple> entries, String key, String path) {
    NodeTuple entry = entries.get(key);
    return entry == null ? null : reader.string(entry.getValueNode(), path + "." + key);
  }

  /** The mapping's entries, after reporting each key not in {@code known}. */
  private Map<String, NodeTuple> known(Node node, String path, List<String> known) {
    Map<String, NodeTuple> entries = reader.mapping(node, path);
    if (entries == null) {
      return Map.of();
    }
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      if (!known.contains(entry.getKey())) {
        reader.unknownKey(entry.getValue(), path, known);
      }
    }
    return entries;
  }

  private static Node value(Map<String, NodeTuple> entries, String key) {
    return entries.get(key).getValueNode();
  }

  private static List<String> concat(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return List.copyOf(all);
  }
}
