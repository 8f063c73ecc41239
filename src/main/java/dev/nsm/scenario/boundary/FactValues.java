package dev.nsm.scenario.boundary;

import dev.nsm.engine.CountedFacts;
import dev.nsm.engine.CountedFacts.Field;
import dev.nsm.engine.CountedFacts.Kind;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Connection;
import dev.nsm.event.Fact;
import dev.nsm.event.IpAddress;
import dev.nsm.event.Origin;
import dev.nsm.event.Transport;
import dev.nsm.policy.Detection;
import dev.nsm.policy.Policy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Turns steps into facts a rule counts, with the field values its metadata declares and the rest
 * from the policy: sources the policy does not allow-list, the first transport the detection
 * counts, home addresses and unusual ports as the policy defines them.
 */
final class FactValues {

  /** Documentation addresses (RFC 5737), so generated facts cannot be mistaken for real ones. */
  private static final List<String> SOURCE_NETWORKS = List.of("198.51.100.", "192.0.2.");

  private static final String DESTINATION = "203.0.113.10";
  private static final int FIRST_PORT = 1024;
  private static final String ORIGIN = "generated";

  private final CountedFacts counts;
  private final List<String> sources;
  private final Transport transport;
  private final int valuesPerSource;
  private final List<String> homeAddresses;
  private final List<String> otherAddresses;
  private final List<Integer> unusualPorts;
  private final List<Integer> otherPorts;

  private FactValues(
      CountedFacts counts,
      List<String> sources,
      Transport transport,
      int valuesPerSource,
      List<String> homeAddresses,
      List<String> otherAddresses,
      List<Integer> unusualPorts,
      List<Integer> otherPorts) {
    this.counts = counts;
    this.sources = sources;
    this.transport = transport;
    this.valuesPerSource = valuesPerSource;
    this.homeAddresses = homeAddresses;
    this.otherAddresses = otherAddresses;
    this.unusualPorts = unusualPorts;
    this.otherPorts = otherPorts;
  }

  /**
   * Values for facts of two sources, each with up to {@code valuesPerSource} distinct values of the
   * {@code @distinct} field, the two sources' values disjoint (so a rule that forgot to group by
   * source sees more distinct values than either source sent).
   *
   * @throws NotTestable when the policy leaves no way to build such facts
   */
  static FactValues prepare(
      CountedFacts counts, Policy policy, Detection detection, int valuesPerSource)
      throws NotTestable {
    List<String> sources = sources(policy, detection);
    Transport transport = null;
    if (counts.kind() == Kind.CONNECTIONS) {
      String declared = counts.sample().get(Field.TRANSPORT);
      if (declared != null) {
        transport = Transport.parse(declared);
        if (!detection.counts(transport)) {
          throw new NotTestable(
              "@sample says transport="
                  + declared
                  + ", which the policy does not count for it ("
                  + labels(detection)
                  + ")");
        }
      } else {
        transport =
            detection.transports().stream()
                .sorted()
                .findFirst()
                .orElseThrow(() -> new NotTestable("the policy counts no transport for it"));
      }
    }
    // Distinct values are needed of the one field counted; one value of everything else.
    int distinctValues = 2 * valuesPerSource;
    boolean home = CountedFacts.HOME.equals(counts.sample().get(Field.DST_IP));
    boolean unusual = CountedFacts.UNUSUAL.equals(counts.sample().get(Field.DST_PORT));
    int addresses = counts.distinct() == Field.DST_IP ? distinctValues : 1;
    int ports = counts.distinct() == Field.DST_PORT ? distinctValues : 1;
    if (unusual && transport == Transport.ICMP) {
      throw new NotTestable("@sample says dst_port=unusual, but icmp has no ports");
    }
    return new FactValues(
        counts,
        sources,
        transport,
        valuesPerSource,
        homeAddresses(policy, home ? addresses : 1),
        otherAddresses(home ? 1 : addresses),
        transport == Transport.ICMP
            ? List.of()
            : ports(policy, transport, true, unusual ? ports : 1),
        ports(policy, transport, false, unusual ? 1 : ports));
  }

  /** The source address of a generated source (0 or 1). */
  String source(int index) {
    return sources.get(index);
  }

  /** The fact a step stands for, {@code baseMillis} being the run's start. */
  Fact fact(Step step, long baseMillis, long sequence) {
    Map<Field, String> declared = new EnumMap<>(Field.class);
    declared.putAll(counts.sample());
    if (step.trigger()) {
      declared.putAll(counts.trigger());
    }
    int index = step.source() * valuesPerSource + (step.trigger() ? 0 : step.value());
    long micros = (baseMillis + step.at()) * 1000L;
    String srcIp = sources.get(step.source());
    Origin origin = Origin.line(ORIGIN, sequence);
    if (counts.kind() == Kind.CONNECTIONS) {
      Transport t =
          declared.containsKey(Field.TRANSPORT)
              ? Transport.parse(declared.get(Field.TRANSPORT))
              : transport;
      return Connection.of(
          micros,
          srcIp,
          port(Field.SRC_PORT, declared, index, 40000),
          address(declared, index),
          port(Field.DST_PORT, declared, index, 80),
          t,
          origin);
    }
    return AuthAttempt.of(
        micros,
        srcIp,
        address(declared, index),
        port(Field.DST_PORT, declared, index, 22),
        word(Field.SERVICE, declared, index, "ssh"),
        word(Field.USER, declared, index, "alice"),
        AuthOutcome.valueOf(
            declared.getOrDefault(Field.OUTCOME, "failure").toUpperCase(java.util.Locale.ROOT)),
        origin);
  }

  private boolean distinct(Field field) {
    return counts.distinct() == field;
  }

  private String address(Map<Field, String> declared, int index) {
    String value = declared.get(Field.DST_IP);
    boolean home = CountedFacts.HOME.equals(value);
    if (distinct(Field.DST_IP)) {
      return (home ? homeAddresses : otherAddresses).get(index);
    }
    return home ? homeAddresses.get(0) : value != null ? value : otherAddresses.get(0);
  }

  private int port(Field field, Map<Field, String> declared, int index, int otherwise) {
    String value = declared.get(field);
    boolean unusual = CountedFacts.UNUSUAL.equals(value);
    if (field == Field.DST_PORT && (distinct(field) || unusual)) {
      return (unusual ? unusualPorts : otherPorts).get(distinct(field) ? index : 0);
    }
    if (distinct(field)) {
      return 20000 + index;
    }
    return value == null ? otherwise : Integer.parseInt(value);
  }

  private String word(Field field, Map<Field, String> declared, int index, String otherwise) {
    if (distinct(field)) {
      return field.key().replace("_", "") + (index + 1);
    }
    return declared.getOrDefault(field, otherwise);
  }

  private static List<String> sources(Policy policy, Detection detection) throws NotTestable {
    List<String> sources = new ArrayList<>();
    for (String network : SOURCE_NETWORKS) {
      for (int host = 1; host < 255 && sources.size() < 2; host++) {
        String ip = network + host;
        if (!policy.isAllowed(ip) && !detection.allows(ip)) {
          sources.add(ip);
        }
      }
    }
    if (sources.size() < 2) {
      throw new NotTestable(
          "the allow-lists cover every documentation address (198.51.100.0/24, 192.0.2.0/24)"
              + " the generator sends from");
    }
    return sources;
  }

  /** Addresses in the home networks, or documentation addresses when every address is home. */
  private static List<String> homeAddresses(Policy policy, int needed) throws NotTestable {
    if (policy.homeNetworks().isEmpty()) {
      return otherAddresses(needed);
    }
    List<String> found = new ArrayList<>();
    for (String cidr : policy.homeNetworks().cidrs()) {
      int slash = cidr.indexOf('/');
      byte[] network = IpAddress.parse(cidr.substring(0, slash));
      int hostBits = network.length * 8 - Integer.parseInt(cidr.substring(slash + 1));
      BigInteger size = BigInteger.ONE.shiftLeft(hostBits);
      // Skip the network and broadcast addresses of networks large enough to have them.
      long first = hostBits >= 2 ? 1 : 0;
      BigInteger last =
          hostBits >= 2 ? size.subtract(BigInteger.TWO) : size.subtract(BigInteger.ONE);
      BigInteger base = new BigInteger(1, network);
      for (long host = first;
          found.size() < needed && BigInteger.valueOf(host).compareTo(last) <= 0;
          host++) {
        found.add(IpAddress.format(bytes(base.add(BigInteger.valueOf(host)), network.length)));
      }
    }
    if (found.size() < needed) {
      throw new NotTestable(
          "home_networks hold "
              + found.size()
              + " usable addresses; the cases need "
              + needed
              + " distinct ones");
    }
    return found;
  }

  private static List<String> otherAddresses(int needed) {
    long first = IpAddress.parseIpv4(DESTINATION);
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < needed; i++) {
      addresses.add(IpAddress.format(IpAddress.ipv4Bytes((int) (first + i))));
    }
    return addresses;
  }

  /** Ports from 1024 upwards, wrapping round to 1; only unusual ones when asked. */
  private static List<Integer> ports(
      Policy policy, Transport transport, boolean unusual, int needed) throws NotTestable {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 65535 && ports.size() < needed; i++) {
      int port = (FIRST_PORT - 1 + i) % 65535 + 1;
      if (!unusual || !policy.isStandardPort(transport, port)) {
        ports.add(port);
      }
    }
    if (ports.size() < needed) {
      throw new NotTestable(
          "standard_ports leave "
              + ports.size()
              + " unusual ports; the cases need "
              + needed
              + " distinct ones");
    }
    return ports;
  }

  private static byte[] bytes(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }

  private static String labels(Detection detection) {
    List<String> labels = detection.transports().stream().sorted().map(Transport::label).toList();
    return labels.isEmpty() ? "none" : String.join(", ", labels);
  }
}
