package dev.nsm.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsm.event.Alert;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Connection;
import dev.nsm.event.ConnectionOutcome;
import dev.nsm.event.Evidence;
import dev.nsm.event.Fact;

/**
 * An alert as one ECS-shaped JSON object, described by {@code docs/alerts.schema.json}. Fields that
 * do not apply are left out rather than written as null or 0; no field holds wall-clock time, so
 * the same input always gives the same document.
 */
public final class AlertDocument {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final String rulesetHash;
  private final String version;
  private final Pseudonyms pseudonyms;

  public AlertDocument(String rulesetHash, String version) {
    this(rulesetHash, version, null);
  }

  /**
   * @param pseudonyms when not {@code null}, addresses go to {@code source.address} and {@code
   *     destination.address} (ECS fields for what is not an IP address), pseudonymised, and {@code
   *     network.community_id} is left out: it hashes the real addresses, so anyone could confirm a
   *     guessed one. Addresses elsewhere (message, evidence) are replaced in the written line.
   */
  public AlertDocument(String rulesetHash, String version, Pseudonyms pseudonyms) {
    this.rulesetHash = rulesetHash;
    this.version = version;
    this.pseudonyms = pseudonyms;
  }

  public ObjectNode of(Alert alert) {
    ObjectNode doc = JSON.objectNode();
    doc.put("@timestamp", EventTime.format(alert.micros()));
    ObjectNode event = doc.putObject("event");
    event.put("kind", "alert");
    event.put("id", alert.id());
    event.put("severity", alert.severity().level());
    ObjectNode rule = doc.putObject("rule");
    rule.put("id", alert.ruleId());
    rule.put("name", alert.ruleName());
    String addressField = pseudonyms == null ? "ip" : "address";
    ObjectNode source = doc.putObject("source");
    source.put(addressField, pseudonymous(alert.srcIp()));
    putPort(source, "port", alert.srcPort());
    ObjectNode destination = JSON.objectNode();
    putIfPresent(destination, addressField, pseudonymous(alert.dstIp()));
    putPort(destination, "port", alert.dstPort());
    putIfNotEmpty(doc, "destination", destination);
    ObjectNode network = JSON.objectNode();
    if (alert.transport() != null) {
      network.put("transport", alert.transport().label());
    }
    if (pseudonyms == null) {
      CommunityId.of(
              alert.srcIp(), alert.srcPort(), alert.dstIp(), alert.dstPort(), alert.transport())
          .ifPresent(id -> network.put("community_id", id));
    }
    putIfNotEmpty(doc, "network", network);
    doc.put("message", alert.message());
    ObjectNode nsm = doc.putObject("nsm");
    nsm.put("severity", alert.severity().label());
    nsm.put("source_key", alert.source());
    nsm.set("evidence", evidence(alert.evidence()));
    nsm.put("suppressed", alert.suppressed());
    nsm.put("ruleset_hash", rulesetHash);
    nsm.put("version", version);
    if (pseudonyms != null) {
      nsm.put("pseudonym_key", pseudonyms.fingerprint());
    }
    return doc;
  }

  private String pseudonymous(String address) {
    return pseudonyms == null || address == null ? address : pseudonyms.text(address);
  }

  static ObjectNode evidence(Evidence evidence) {
    ObjectNode node = JSON.objectNode();
    node.put("count", evidence.count());
    node.put("threshold", evidence.threshold());
    node.put("window_start", EventTime.format(evidence.windowStartMicros()));
    node.put("window_end", EventTime.format(evidence.windowEndMicros()));
    ArrayNode facts = node.putArray("facts");
    for (Fact fact : evidence.facts()) {
      facts.add(fact(fact));
    }
    node.put("facts_cap", evidence.cap());
    node.put("facts_omitted", evidence.omitted());
    return node;
  }

  /** A contributing fact, with only the fields its kind has. */
  static ObjectNode fact(Fact fact) {
    ObjectNode node = JSON.objectNode();
    if (fact instanceof Connection c) {
      node.put("kind", "connection");
      node.put("@timestamp", EventTime.format(c.micros()));
      node.put("source_ip", c.srcIp());
      putPort(node, "source_port", c.srcPort());
      putIfPresent(node, "destination_ip", c.dstIp());
      putPort(node, "destination_port", c.dstPort());
      node.put("transport", c.transport().label());
      node.put("origin", c.origin().toString());
    } else if (fact instanceof ConnectionOutcome o) {
      node.put("kind", "connection_outcome");
      node.put("@timestamp", EventTime.format(o.micros()));
      node.put("attempt_timestamp", EventTime.format(o.attemptMicros()));
      node.put("source_ip", o.srcIp());
      putPort(node, "source_port", o.srcPort());
      putIfPresent(node, "destination_ip", o.dstIp());
      putPort(node, "destination_port", o.dstPort());
      node.put("transport", o.transport().label());
      node.put("result", o.result().label());
      node.put("origin", o.origin().toString());
    } else if (fact instanceof AuthAttempt a) {
      node.put("kind", "auth_attempt");
      node.put("@timestamp", EventTime.format(a.micros()));
      node.put("source_ip", a.srcIp());
      putIfPresent(node, "destination_ip", a.dstIp());
      putPort(node, "destination_port", a.dstPort());
      node.put("service", a.service());
      putIfPresent(node, "user", a.user());
      node.put("outcome", a.outcome().label());
      node.put("origin", a.origin().toString());
    } else if (fact instanceof Alert a) {
      node.put("kind", "alert");
      node.put("@timestamp", EventTime.format(a.micros()));
      node.put("source_ip", a.srcIp());
      putPort(node, "source_port", a.srcPort());
      putIfPresent(node, "destination_ip", a.dstIp());
      putPort(node, "destination_port", a.dstPort());
      if (a.transport() != null) {
        node.put("transport", a.transport().label());
      }
      node.put("rule_id", a.ruleId());
    }
    return node;
  }

  private static void putPort(ObjectNode node, String field, int port) {
    if (port != 0) {
      node.put(field, port);
    }
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static void putIfNotEmpty(ObjectNode parent, String field, ObjectNode child) {
    if (!child.isEmpty()) {
      parent.set(field, child);
    }
  }
}
