package dev.nsm.event;

import java.util.Locale;
import java.util.Objects;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/**
 * What became of a connection attempt, reported after it: the server accepted it (SYN-ACK),
 * rejected it (RST, ICMP unreachable) or never answered (timeout). A scanner's attempts are mostly
 * rejected or unanswered. Inserted into the entry point {@value #ENTRY_POINT}; its timestamp is
 * when the outcome became known, {@code attemptMicros} when the attempt was made.
 *
 * @param timestamp when the outcome was seen (or the timeout expired), epoch milliseconds
 * @param micros the same in epoch microseconds
 * @param attemptMicros event time of the attempt, epoch microseconds
 * @param source grouping key of the attempt's source
 * @param srcIp the attempt's source address
 * @param srcPort its source port
 * @param dstIp its destination address
 * @param dstPort its destination port
 * @param transport TCP or UDP
 * @param result accepted, rejected or unanswered
 * @param origin where the outcome was seen (the answering frame; for a timeout, the attempt's)
 */
@Role(Role.Type.EVENT)
@Timestamp("timestamp")
public record ConnectionOutcome(
    long timestamp,
    long micros,
    long attemptMicros,
    String source,
    String srcIp,
    int srcPort,
    String dstIp,
    int dstPort,
    Transport transport,
    Result result,
    Origin origin)
    implements Fact {

  /** The Drools entry point outcomes are inserted into. */
  public static final String ENTRY_POINT = "connection-outcomes";

  /** How a connection attempt ended. */
  public enum Result {
    ACCEPTED,
    REJECTED,
    UNANSWERED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ConnectionOutcome {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(srcIp, "srcIp");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(origin, "origin");
    if (timestamp != Fact.millisOf(micros)) {
      throw new IllegalArgumentException("timestamp must be micros / 1000");
    }
  }

  /** The outcome of {@code attempt}, seen at {@code micros}. */
  public static ConnectionOutcome of(
      Connection attempt, long micros, Result result, Origin origin) {
    return new ConnectionOutcome(
        Fact.millisOf(micros),
        micros,
        attempt.micros(),
        attempt.source(),
        attempt.srcIp(),
        attempt.srcPort(),
        attempt.dstIp(),
        attempt.dstPort(),
        attempt.transport(),
        result,
        origin);
  }

  /** The same outcome grouped under another source key. */
  public ConnectionOutcome withSource(String key) {
    return key.equals(source)
        ? this
        : new ConnectionOutcome(
            timestamp,
            micros,
            attemptMicros,
            key,
            srcIp,
            srcPort,
            dstIp,
            dstPort,
            transport,
            result,
            origin);
  }
}
