package dev.nsm.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * The extra per-detection keys a ruleset declares in its {@code policy-schema.yaml}, so policies
 * tuning its custom rules are validated instead of failing with "unknown key":
 *
 * <pre>
 * schema_version: 1
 * detections:
 *   dns-tunnel:
 *     max_query_length: {type: integer, min: 1, max: 255, default: 60}
 *     lookback: {type: duration, default: 5m}
 * </pre>
 */
public final class PolicySchema {

  private static final List<String> TOP_KEYS = List.of("schema_version", "detections");
  private static final List<String> SPEC_KEYS = List.of("type", "default", "min", "max");
  private static final List<String> TYPE_NAMES =
      Arrays.stream(CustomKey.Type.values()).map(CustomKey.Type::label).toList();

  private static final PolicySchema NONE = new PolicySchema(new TreeMap<>());

  private final SortedMap<String, SortedMap<String, CustomKey>> keysByDetection;

  private PolicySchema(SortedMap<String, SortedMap<String, CustomKey>> keysByDetection) {
    this.keysByDetection = keysByDetection;
  }

  /** No custom keys: only the standard detection keys are accepted. */
  public static PolicySchema none() {
    return NONE;
  }

  /** Reads a schema file, refusing one that others could change ({@link TrustedPath}). */
  public static PolicySchema load(Path file) throws InvalidInputException {
    Optional<Diagnostic> untrusted = TrustedPath.problem(file, "a policy schema");
    if (untrusted.isPresent()) {
      throw new InvalidInputException(List.of(untrusted.get()));
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(
          List.of(Diagnostic.error(file.toString(), 0, 0, "cannot read policy schema: " + e)));
    }
    return parse(file.toString(), text);
  }

  /**
   * Parses a schema, reporting every problem at once.
   *
   * @param name how the file is named in diagnostics
   */
  public static PolicySchema parse(String name, String text) throws InvalidInputException {
    List<Diagnostic> diagnostics = new ArrayList<>();
    NodeReader reader = new NodeReader(name, diagnostics);
    Node root = YamlTree.compose(name, text, diagnostics);
    SortedMap<String, SortedMap<String, CustomKey>> keys = new TreeMap<>();
    if (root == null && diagnostics.isEmpty()) {
      diagnostics.add(
          Diagnostic.error(
              name, 0, 0, "empty policy schema (expected schema_version: 1 and detections)"));
    } else if (root != null) {
      readRoot(reader, root, keys);
    }
    if (!diagnostics.isEmpty()) {
      throw new InvalidInputException(diagnostics);
    }
    return new PolicySchema(keys);
  }

  /** The detection ids that declare custom keys. */
  public SortedSet<String> detectionIds() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(keysByDetection.keySet()));
  }

  /** The custom keys of one detection by name; empty when it declares none. */
  public SortedMap<String, CustomKey> keys(String detectionId) {
    SortedMap<String, CustomKey> keys = keysByDetection.get(detectionId);
    return keys == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(keys);
  }

  private static void readRoot(
      NodeReader reader, Node root, SortedMap<String, SortedMap<String, CustomKey>> out) {
    Map<String, NodeTuple> entries = reader.mapping(root, "");
    if (entries == null) {
      return;
    }
    reader.requireSchemaVersion(entries, root);
    for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
      if (!TOP_KEYS.contains(entry.getKey())) {
        reader.unknownKey(entry.getValue(), "", TOP_KEYS);
      }
    }
    NodeTuple detections = entries.get("detections");
    if (detections == null) {
      return;
    }
    Map<String, NodeTuple> byId = reader.mapping(detections.getValueNode(), "detections");
    if (byId == null) {
      return;
    }
    for (Map.Entry<String, NodeTuple> detection : byId.entrySet()) {
      String path = NodeReader.child("detections", detection.getKey());
      Map<String, NodeTuple> declared = reader.mapping(detection.getValue().getValueNode(), path);
      if (declared == null) {
        continue;
      }
      SortedMap<String, CustomKey> keys = new TreeMap<>();
      for (Map.Entry<String, NodeTuple> key : declared.entrySet()) {
        CustomKey parsed = readKey(reader, path, key.getKey(), key.getValue());
        if (parsed != null) {
          keys.put(parsed.name(), parsed);
        }
      }
      out.put(detection.getKey(), keys);
    }
  }

  private static CustomKey readKey(
      NodeReader reader, String detectionPath, String name, NodeTuple entry) {
    String path = NodeReader.child(detectionPath, name);
    if (PolicyFileReader.STANDARD_DETECTION_KEYS.contains(name)) {
      reader.error(
          entry.getKeyNode(),
          path
              + ": '"
              + name
              + "' is a standard detection key (expected a new name; the standard keys are "
              + String.join(", ", PolicyFileReader.STANDARD_DETECTION_KEYS)
              + ")");
      return null;
    }
    Map<String, NodeTuple> spec = reader.mapping(entry.getValueNode(), path);
    if (spec == null) {
      return null;
    }
    for (Map.Entry<String, NodeTuple> attribute : spec.entrySet()) {
      if (!SPEC_KEYS.contains(attribute.getKey())) {
        reader.unknownKey(attribute.getValue(), path, SPEC_KEYS);
      }
    }
    CustomKey.Type type = readType(reader, path, spec, entry.getValueNode());
    Long min = bound(reader, path, spec, "min", type);
    Long max = bound(reader, path, spec, "max", type);
    if (min != null && max != null && min > max) {
      reader.error(spec.get("max").getValueNode(), path + ".max: " + max + " is below min " + min);
      return null;
    }
    NodeTuple defaultEntry = spec.get("default");
    if (defaultEntry == null) {
      reader.error(
          entry.getValueNode(),
          path + ": missing 'default' (expected the value rules get when no policy sets the key)");
      return null;
    }
    if (type == null) {
      return null;
    }
    Object defaultValue =
        reader.value(type, defaultEntry.getValueNode(), path + ".default", min, max);
    return defaultValue == null ? null : new CustomKey(name, type, min, max, defaultValue);
  }

  private static CustomKey.Type readType(
      NodeReader reader, String path, Map<String, NodeTuple> spec, Node at) {
    NodeTuple typeEntry = spec.get("type");
    if (typeEntry == null) {
      reader.error(
          at, path + ": missing 'type' (expected one of " + String.join(", ", TYPE_NAMES) + ")");
      return null;
    }
    String text = reader.string(typeEntry.getValueNode(), path + ".type");
    if (text == null) {
      return null;
    }
    for (CustomKey.Type type : CustomKey.Type.values()) {
      if (type.label().equals(text)) {
        return type;
      }
    }
    reader.error(
        typeEntry.getValueNode(),
        path
            + ".type: unknown type '"
            + text
            + "'"
            + DidYouMean.hint(text, TYPE_NAMES)
            + " (expected one of "
            + String.join(", ", TYPE_NAMES)
            + ")");
    return null;
  }

  private static Long bound(
      NodeReader reader,
      String path,
      Map<String, NodeTuple> spec,
      String name,
      CustomKey.Type type) {
    NodeTuple entry = spec.get(name);
    if (entry == null) {
      return null;
    }
    if (type != null && type != CustomKey.Type.INTEGER) {
      reader.error(
          entry.getKeyNode(),
          path + "." + name + ": applies to integer keys only, this key is a " + type.label());
      return null;
    }
    return reader.integer(entry.getValueNode(), path + "." + name, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  @Override
  public String toString() {
    return keysByDetection.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue().keySet())
        .collect(Collectors.joining(", ", "PolicySchema[", "]"));
  }
}
