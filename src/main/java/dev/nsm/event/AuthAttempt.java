package dev.nsm.event;

import java.util.Objects;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/**
 * An authentication attempt and its outcome, from a cleartext protocol exchange, an auth log line
 * or the library API. Inserted into the entry point {@value #ENTRY_POINT}.
 *
 * @param timestamp event time, epoch milliseconds
 * @param micros event time, epoch microseconds
 * @param source grouping key of the source (see {@link Fact#source()})
 * @param srcIp source (client) address as text
 * @param dstIp server address as text; {@code null} when unknown
 * @param dstPort server port, 0 when unknown
 * @param service lower-case service name: ssh, ftp, http, smtp, pop3, imap, telnet, ...
 * @param user the user name tried, {@code null} when unknown. Attacker-controlled text.
 * @param outcome success or failure
 * @param origin where the fact came from
 */
@Role(Role.Type.EVENT)
@Timestamp("timestamp")
public record AuthAttempt(
    long timestamp,
    long micros,
    String source,
    String srcIp,
    String dstIp,
    int dstPort,
    String service,
    String user,
    AuthOutcome outcome,
    Origin origin)
    implements Fact {

  /** The Drools entry point authentication facts are inserted into. */
  public static final String ENTRY_POINT = "auth-attempts";

  public AuthAttempt {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(srcIp, "srcIp");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(origin, "origin");
    if (timestamp != Fact.millisOf(micros)) {
      throw new IllegalArgumentException("timestamp must be micros / 1000");
    }
    Connection.checkPort(dstPort, "dstPort");
  }

  /** An attempt keyed by its source address. */
  public static AuthAttempt of(
      long micros,
      String srcIp,
      String dstIp,
      int dstPort,
      String service,
      String user,
      AuthOutcome outcome,
      Origin origin) {
    return new AuthAttempt(
        Fact.millisOf(micros),
        micros,
        srcIp,
        srcIp,
        dstIp,
        dstPort,
        service,
        user,
        outcome,
        origin);
  }

  public boolean failed() {
    return outcome == AuthOutcome.FAILURE;
  }

  public boolean succeeded() {
    return outcome == AuthOutcome.SUCCESS;
  }

  /** The same attempt grouped under another source key. */
  public AuthAttempt withSource(String key) {
    return key.equals(source)
        ? this
        : new AuthAttempt(
            timestamp, micros, key, srcIp, dstIp, dstPort, service, user, outcome, origin);
  }
}
