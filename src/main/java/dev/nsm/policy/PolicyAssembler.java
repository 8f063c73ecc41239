package dev.nsm.policy;

import dev.nsm.event.Severity;
import dev.nsm.event.Transport;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Merges validated layers in order and fills in defaults. A later layer overrides key by key:
 * mappings merge recursively, any other value (a list included) replaces the earlier one, so a
 * site's {@code allow} list is the whole list, not an addition to the shipped one.
 */
final class PolicyAssembler {

  private PolicyAssembler() {}

  static Policy assemble(List<PolicyLayer> layers, PolicySchema schema) {
    Map<String, Object> merged = new LinkedHashMap<>();
    Map<String, FilePosition> origins = new LinkedHashMap<>();
    for (PolicyLayer layer : layers) {
      merge(merged, layer.values());
      if (!layer.file().equals(PolicyLoader.DEFAULT_NAME)) {
        layer.detectionKeys().forEach(origins::putIfAbsent);
      }
    }
    Map<String, Object> ports = section(merged, "standard_ports");
    EnumMap<Transport, PortSet> standardPorts = new EnumMap<>(Transport.class);
    for (String label : PolicyFileReader.PORT_TRANSPORTS) {
      standardPorts.put(
          Transport.parse(label), (PortSet) ports.getOrDefault(label, PortSet.empty()));
    }
    Map<String, Object> configured = section(merged, "detections");
    Set<String> ids = new TreeSet<>(configured.keySet());
    ids.addAll(schema.detectionIds());
    SortedMap<String, Detection> detections = new TreeMap<>();
    for (String id : ids) {
      detections.put(id, detection(id, section(configured, id), schema.keys(id)));
    }
    return new Policy(
        1,
        (CidrSet) merged.getOrDefault("home_networks", CidrSet.empty()),
        (CidrSet) merged.getOrDefault("allow", CidrSet.empty()),
        standardPorts,
        ((Long) merged.getOrDefault("ipv6_source_prefix", 64L)).intValue(),
        detections,
        layers.stream().map(PolicyLayer::file).toList(),
        origins);
  }

  private static Detection detection(
      String id, Map<String, Object> settings, Map<String, CustomKey> customKeys) {
    Detection defaults = Detection.defaults(id);
    Map<String, Object> custom = new TreeMap<>();
    for (CustomKey key : customKeys.values()) {
      custom.put(key.name(), settings.getOrDefault(key.name(), key.defaultValue()));
    }
    @SuppressWarnings("unchecked")
    Set<Transport> transports =
        (Set<Transport>) settings.getOrDefault("transports", defaults.transports());
    return new Detection(
        id,
        (Boolean) settings.getOrDefault("enabled", defaults.enabled()),
        (Severity) settings.get("severity"),
        ((Long) settings.getOrDefault("min_count", (long) defaults.minCount())).intValue(),
        (Duration) settings.getOrDefault("window", defaults.window()),
        (Duration) settings.getOrDefault("suppress_for", defaults.suppressFor()),
        transports,
        (CidrSet) settings.getOrDefault("allow", defaults.allow()),
        custom);
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> into, Map<String, Object> from) {
    for (Map.Entry<String, Object> entry : from.entrySet()) {
      Object earlier = into.get(entry.getKey());
      if (earlier instanceof Map<?, ?> earlierMap
          && entry.getValue() instanceof Map<?, ?> laterMap) {
        Map<String, Object> combined = new LinkedHashMap<>((Map<String, Object>) earlierMap);
        merge(combined, (Map<String, Object>) laterMap);
        into.put(entry.getKey(), combined);
      } else {
        into.put(entry.getKey(), entry.getValue());
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> values, String key) {
    Object section = values.get(key);
    return section instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }
}
