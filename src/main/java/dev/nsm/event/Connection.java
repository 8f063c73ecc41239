package dev.nsm.event;

import java.util.Objects;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/**
 * A connection attempt: a TCP SYN without ACK, the first packet of a UDP flow, an ICMP request, or
 * a connection reported through the library API. Inserted into the entry point {@value
 * #ENTRY_POINT}.
 *
 * @param timestamp event time, epoch milliseconds
 * @param micros event time, epoch microseconds
 * @param source grouping key of the source (see {@link Fact#source()})
 * @param srcIp source address as text
 * @param srcPort source port, 0 when unknown or not applicable
 * @param dstIp destination address as text; {@code null} when unknown (the monitored host itself)
 * @param dstPort destination port, 0 when not applicable (ICMP)
 * @param transport TCP, UDP or ICMP
 * @param origin where the fact came from
 */
@Role(Role.Type.EVENT)
@Timestamp("timestamp")
public record Connection(
    long timestamp,
    long micros,
    String source,
    String srcIp,
    int srcPort,
    String dstIp,
    int dstPort,
    Transport transport,
    Origin origin)
    implements Fact {

  /** The Drools entry point connection facts are inserted into. */
  public static final String ENTRY_POINT = "connections";

  public Connection {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(srcIp, "srcIp");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(origin, "origin");
    if (timestamp != Fact.millisOf(micros)) {
      throw new IllegalArgumentException("timestamp must be micros / 1000");
    }
    checkPort(srcPort, "srcPort");
    checkPort(dstPort, "dstPort");
  }

  /** A connection keyed by its source address. */
  public static Connection of(
      long micros,
      String srcIp,
      int srcPort,
      String dstIp,
      int dstPort,
      Transport transport,
      Origin origin) {
    return new Connection(
        Fact.millisOf(micros), micros, srcIp, srcIp, srcPort, dstIp, dstPort, transport, origin);
  }

  /** The same connection grouped under another source key. */
  public Connection withSource(String key) {
    return key.equals(source)
        ? this
        : new Connection(timestamp, micros, key, srcIp, srcPort, dstIp, dstPort, transport, origin);
  }

  static void checkPort(int port, String name) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " " + port + " is outside 0-65535");
    }
  }
}
