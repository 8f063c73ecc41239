package dev.nsm.policy;

import dev.nsm.event.IpAddress;
import dev.nsm.event.Transport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The merged, validated policy in force: what is home, whom never to alert on, which ports are
 * expected, and how each detection is tuned. Rules consult it for every fact, so its lookups do not
 * allocate for IPv4 addresses.
 *
 * @param schemaVersion always 1
 * @param homeNetworks the monitored networks; empty means every address is home
 * @param allow sources never alerted on, by any detection
 * @param standardPorts expected service ports per transport (ICMP has none and is always standard)
 * @param ipv6SourcePrefix IPv6 sources are counted per network of this prefix length
 * @param detections every detection a policy file or the schema mentions, by id
 * @param files the policy files merged, base first
 * @param detectionOrigins where each detection id is written in a file other than the shipped
 *     default, so {@link #unknownDetections} can point at it
 */
public record Policy(
    int schemaVersion,
    CidrSet homeNetworks,
    CidrSet allow,
    Map<Transport, PortSet> standardPorts,
    int ipv6SourcePrefix,
    SortedMap<String, Detection> detections,
    List<String> files,
    Map<String, FilePosition> detectionOrigins) {

  public Policy {
    Objects.requireNonNull(homeNetworks, "homeNetworks");
    Objects.requireNonNull(allow, "allow");
    if (ipv6SourcePrefix < 1 || ipv6SourcePrefix > 128) {
      throw new IllegalArgumentException("ipv6SourcePrefix must be 1..128: " + ipv6SourcePrefix);
    }
    EnumMap<Transport, PortSet> ports = new EnumMap<>(Transport.class);
    ports.putAll(standardPorts);
    standardPorts = Collections.unmodifiableMap(ports);
    detections = Collections.unmodifiableSortedMap(new TreeMap<>(detections));
    files = List.copyOf(files);
    detectionOrigins = Collections.unmodifiableMap(new LinkedHashMap<>(detectionOrigins));
  }

  /** A policy built in code, without file positions. */
  public Policy(
      int schemaVersion,
      CidrSet homeNetworks,
      CidrSet allow,
      Map<Transport, PortSet> standardPorts,
      int ipv6SourcePrefix,
      SortedMap<String, Detection> detections,
      List<String> files) {
    this(
        schemaVersion,
        homeNetworks,
        allow,
        standardPorts,
        ipv6SourcePrefix,
        detections,
        files,
        Map.of());
  }

  /** Whether the address is in a home network. An unknown address (null) is the monitored host. */
  public boolean isHome(String ip) {
    return ip == null || homeNetworks.isEmpty() || homeNetworks.contains(ip);
  }

  /** Whether the source is on the global allow-list. */
  public boolean isAllowed(String ip) {
    return allow.contains(ip);
  }

  /** Whether the port is an expected service port; always true for ICMP, which has no ports. */
  public boolean isStandardPort(Transport transport, int port) {
    if (transport == Transport.ICMP) {
      return true;
    }
    PortSet ports = standardPorts.get(transport);
    return ports != null && ports.contains(port);
  }

  /**
   * The key sources are counted under. IPv6 hosts pick addresses freely within their network, so
   * counting per address would let one host scan from a fresh address each time: they are counted
   * per {@code /ipv6SourcePrefix} network instead, e.g. {@code 2001:db8:1:2::/64}. IPv4 addresses
   * are returned as given; an IPv4-mapped IPv6 address as the IPv4 address; text that is not an
   * address as given.
   */
  public String sourceKey(String ip) {
    if (ip == null || ip.indexOf(':') < 0) {
      return ip;
    }
    byte[] address = IpAddress.parse(ip);
    if (address == null) {
      return ip;
    }
    if (IpAddress.isIpv4Mapped(address)) {
      return IpAddress.format(IpAddress.ipv4Bytes(IpAddress.lowIpv4(address)));
    }
    if (ipv6SourcePrefix >= 128) {
      return IpAddress.format(address);
    }
    return IpAddress.format(CidrSet.Network.masked(address, ipv6SourcePrefix))
        + "/"
        + ipv6SourcePrefix;
  }

  /** The configured detection, or the defaults for an id no policy file mentions. */
  public Detection detection(String id) {
    Detection configured = detections.get(id);
    return configured != null ? configured : Detection.defaults(id);
  }

  /**
   * Warnings for detection ids that policy files tune but no rule in the ruleset has: most likely a
   * typo, and the settings would silently do nothing. The shipped default policy is not checked, so
   * a custom ruleset without the default rules raises no noise.
   */
  public List<Diagnostic> unknownDetections(Set<String> ruleIds) {
    List<Diagnostic> warnings = new ArrayList<>();
    for (Map.Entry<String, FilePosition> entry : detectionOrigins.entrySet()) {
      String id = entry.getKey();
      if (ruleIds.contains(id)) {
        continue;
      }
      FilePosition at = entry.getValue();
      warnings.add(
          Diagnostic.warning(
              at.file(),
              at.line(),
              at.column(),
              "no rule has the id '"
                  + id
                  + "', so detections."
                  + id
                  + " has no effect"
                  + DidYouMean.hint(id, new TreeSet<>(ruleIds))));
    }
    return warnings;
  }

  /** The merged policy in force as YAML, loadable again (for {@code nsm check --print-policy}). */
  public String toYaml() {
    return PolicyYamlWriter.write(this);
  }
}
