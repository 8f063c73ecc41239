package dev.nsm.policy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** Validates one policy file and reads it into a {@link PolicyLayer}. */
final class PolicyFileReader {

  static final List<String> TOP_KEYS =
      List.of(
          "schema_version",
          "home_networks",
          "allow",
          "standard_ports",
          "ipv6_source_prefix",
          "detections");
  static final List<String> STANDARD_DETECTION_KEYS =
      List.of("enabled", "severity", "min_count", "window", "suppress_for", "transports", "allow");
  // ICMP has no ports, so it has no standard ports either.
  static final List<String> PORT_TRANSPORTS = List.of("tcp", "udp");

  private final NodeReader reader;
  private final PolicySchema schema;

  private PolicyFileReader(NodeReader reader, PolicySchema schema) {
    this.reader = reader;
    this.schema = schema;
  }

  /** Reads a file, adding every problem found to {@code diagnostics}. */
  static PolicyLayer read(PolicyText text, PolicySchema schema, List<Diagnostic> diagnostics) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, FilePosition> detectionKeys = new LinkedHashMap<>();
    int problemsBefore = diagnostics.size();
    Node root = YamlTree.compose(text.name(), text.text(), diagnostics);
    if (root == null) {
      if (diagnostics.size() == problemsBefore) {
        diagnostics.add(
            Diagnostic.error(
                text.name(), 0, 0, "empty policy file (expected at least schema_version: 1)"));
      }
    } else {
      new PolicyFileReader(new NodeReader(text.name(), diagnostics), schema)
          .readRoot(root, values, detectionKeys);
    }
    return new PolicyLayer(text.name(), values, detectionKeys);
  }

  private void readRoot(
      Node root, Map<String, Object> values, Map<String, FilePosition> detectionKeys) {
    Map<String, NodeTuple> entries = reader.mapping(root, "");
    if (entries == null) {
      return;
    }
    reader.requireSchemaVersion(entries, root);
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      String key = entry.getKey();
      Node value = entry.getValue().getValueNode();
      Object read =
          switch (key) {
            case "schema_version" -> null; // checked above; only version 1 exists
            case "home_networks", "allow" -> reader.cidrs(value, key);
            case "ipv6_source_prefix" -> reader.integer(value, key, 1, 128);
            case "standard_ports" -> readStandardPorts(value);
            case "detections" -> readDetections(value, detectionKeys);
            default -> {
              reader.unknownKey(entry.getValue(), "", TOP_KEYS);
              yield null;
            }
          };
      if (read != null) {
        values.put(key, read);
      }
    }
  }

  private Map<String, Object> readStandardPorts(Node node) {
    Map<String, NodeTuple> entries = reader.mapping(node, "standard_ports");
    if (entries == null) {
      return null;
    }
    Map<String, Object> ports = new LinkedHashMap<>();
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      if (!PORT_TRANSPORTS.contains(entry.getKey())) {
        reader.unknownKey(entry.getValue(), "standard_ports", PORT_TRANSPORTS);
        continue;
      }
      PortSet set =
          reader.ports(entry.getValue().getValueNode(), "standard_ports." + entry.getKey());
      if (set != null) {
        ports.put(entry.getKey(), set);
      }
    }
    return ports;
  }

  private Map<String, Object> readDetections(Node node, Map<String, FilePosition> detectionKeys) {
    Map<String, NodeTuple> entries = reader.mapping(node, "detections");
    if (entries == null) {
      return null;
    }
    Map<String, Object> detections = new LinkedHashMap<>();
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      String id = entry.getKey();
      detectionKeys.put(id, reader.position(entry.getValue().getKeyNode()));
      Map<String, Object> settings = readDetection(id, entry.getValue().getValueNode());
      if (settings != null) {
        detections.put(id, settings);
      }
    }
    return detections;
  }

  private Map<String, Object> readDetection(String id, Node node) {
    String path = NodeReader.child("detections", id);
    Map<String, NodeTuple> entries = reader.mapping(node, path);
    if (entries == null) {
      return null;
    }
    Map<String, CustomKey> custom = schema.keys(id);
    Map<String, Object> settings = new LinkedHashMap<>();
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      String key = entry.getKey();
      String keyPath = NodeReader.child(path, key);
      Node value = entry.getValue().getValueNode();
      Object read =
          switch (key) {
            case "enabled" -> reader.bool(value, keyPath);
            case "severity" -> reader.severity(value, keyPath);
            case "min_count" -> reader.integer(value, keyPath, 1, Integer.MAX_VALUE);
            case "window" -> reader.duration(value, keyPath, true);
            case "suppress_for" -> reader.duration(value, keyPath, false);
            case "transports" -> reader.transports(value, keyPath);
            case "allow" -> reader.cidrs(value, keyPath);
            default -> readCustom(custom.get(key), entry.getValue(), path, keyPath, custom);
          };
      if (read != null) {
        settings.put(key, read);
      }
    }
    return settings;
  }

  private Object readCustom(
      CustomKey key, NodeTuple entry, String path, String keyPath, Map<String, CustomKey> custom) {
    if (key == null) {
      Set<String> known = new LinkedHashSet<>(STANDARD_DETECTION_KEYS);
      known.addAll(custom.keySet());
      reader.unknownKey(entry, path, List.copyOf(known));
      return null;
    }
    return reader.value(key.type(), entry.getValueNode(), keyPath, key.min(), key.max());
  }
}
