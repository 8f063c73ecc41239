package dev.nsm.event;

import java.util.Objects;
import org.kie.api.definition.type.Role;
import org.kie.api.definition.type.Timestamp;

/**
 * A detection that fired. Raised by rule consequences through the {@code alerts} global, written to
 * every output, and inserted into the entry point {@value #ENTRY_POINT} so rules can correlate
 * detections (e.g. a source that trips several of them).
 *
 * @param id deterministic identifier: the same input gives the same ids
 * @param timestamp event time of the fact that crossed the threshold, epoch milliseconds
 * @param micros the same in epoch microseconds
 * @param ruleId the rule's {@code @id}, e.g. "port-scan"
 * @param ruleName the rule's name in DRL
 * @param severity the severity in force (the policy's, else the rule's {@code @severity})
 * @param source grouping key of the source
 * @param srcIp source address of the fact that crossed the threshold
 * @param srcPort its source port, 0 when unknown
 * @param dstIp destination address, {@code null} when none applies
 * @param dstPort destination port, 0 when none applies
 * @param transport transport of the crossing fact, {@code null} when none applies
 * @param message a one-line summary
 * @param evidence what was counted and the contributing facts
 * @param suppressed repeats of this (rule, source) suppressed since its previous alert
 */
@Role(Role.Type.EVENT)
@Timestamp("timestamp")
public record Alert(
    String id,
    long timestamp,
    long micros,
    String ruleId,
    String ruleName,
    Severity severity,
    String source,
    String srcIp,
    int srcPort,
    String dstIp,
    int dstPort,
    Transport transport,
    String message,
    Evidence evidence,
    long suppressed)
    implements Fact {

  /** The Drools entry point raised alerts are inserted into. */
  public static final String ENTRY_POINT = "alerts";

  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(ruleName, "ruleName");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(srcIp, "srcIp");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(evidence, "evidence");
  }

  /** The same alert under another id (a keyed one, when addresses are pseudonymised). */
  public Alert withId(String newId) {
    return new Alert(
        newId,
        timestamp,
        micros,
        ruleId,
        ruleName,
        severity,
        source,
        srcIp,
        srcPort,
        dstIp,
        dstPort,
        transport,
        message,
        evidence,
        suppressed);
  }

  /** The same alert with another message. */
  public Alert withMessage(String newMessage) {
    return new Alert(
        id,
        timestamp,
        micros,
        ruleId,
        ruleName,
        severity,
        source,
        srcIp,
        srcPort,
        dstIp,
        dstPort,
        transport,
        newMessage,
        evidence,
        suppressed);
  }
}
