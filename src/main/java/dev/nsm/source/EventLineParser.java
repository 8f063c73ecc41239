package dev.nsm.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Connection;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;
import dev.nsm.event.Transport;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns one line of an events file (one JSON object) into a {@link Connection} or {@link
 * AuthAttempt}.
 */
final class EventLineParser {

  private static final List<String> CONNECTION_KEYS =
      List.of("type", "time", "src_ip", "src_port", "dst_ip", "dst_port", "transport");
  private static final List<String> AUTH_KEYS =
      List.of("type", "time", "src_ip", "dst_ip", "dst_port", "service", "user", "outcome");
  private static final List<String> ALL_KEYS = union(CONNECTION_KEYS, AUTH_KEYS);

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          // A key given twice is a mistake whichever value was meant; never pick one silently.
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          // Epoch seconds as BigDecimal, not double: doubles lose microseconds in 2026 already.
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  Fact parse(String line, Origin origin) throws MalformedEventException {
    ObjectNode event = readObject(line);
    checkKeysKnown(event, ALL_KEYS, null);
    EventFields fields = new EventFields(event);
    String type = fields.requiredText("type");
    switch (type.toLowerCase(Locale.ROOT)) {
      case "connection":
        checkKeysKnown(event, CONNECTION_KEYS, "connection");
        return connection(fields, origin);
      case "auth":
        checkKeysKnown(event, AUTH_KEYS, "auth");
        return auth(fields, origin);
      default:
        throw new MalformedEventException(
            "unknown type " + Snippet.quoted(type) + ", expected connection or auth");
    }
  }

  private static Connection connection(EventFields fields, Origin origin)
      throws MalformedEventException {
    long micros = fields.time();
    String srcIp = fields.requiredAddress("src_ip");
    int srcPort = fields.optionalPort("src_port", 0);
    String dstIp = fields.optionalAddress("dst_ip");
    int dstPort = fields.requiredPort("dst_port");
    String transport = fields.optionalText("transport");
    return Connection.of(micros, srcIp, srcPort, dstIp, dstPort, transport(transport), origin);
  }

  private static AuthAttempt auth(EventFields fields, Origin origin)
      throws MalformedEventException {
    long micros = fields.time();
    String srcIp = fields.requiredAddress("src_ip");
    String dstIp = fields.optionalAddress("dst_ip");
    int dstPort = fields.optionalPort("dst_port", 0);
    String service = fields.requiredName("service");
    String user = fields.optionalText("user");
    AuthOutcome outcome = outcome(fields.requiredText("outcome"));
    return AuthAttempt.of(micros, srcIp, dstIp, dstPort, service, user, outcome, origin);
  }

  private static Transport transport(String text) throws MalformedEventException {
    if (text == null) {
      return Transport.TCP;
    }
    try {
      return Transport.parse(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException(
          "unknown transport " + Snippet.quoted(text) + ", expected tcp, udp or icmp");
    }
  }

  private static AuthOutcome outcome(String text) throws MalformedEventException {
    try {
      return AuthOutcome.parse(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException(
          "unknown outcome " + Snippet.quoted(text) + ", expected success or failure");
    }
  }

  private static ObjectNode readObject(String line) throws MalformedEventException {
    try (JsonParser parser = MAPPER.createParser(line)) {
      JsonNode node = MAPPER.readTree(parser);
      if (node == null || !node.isObject()) {
        throw new MalformedEventException(
            "expected a JSON object, found " + (node == null ? "nothing" : JsonKind.of(node)));
      }
      if (parser.nextToken() != null) {
        throw new MalformedEventException(
            "unexpected text after the JSON object at column "
                + column(parser.currentTokenLocation()));
      }
      return (ObjectNode) node;
    } catch (JsonProcessingException e) {
      throw new MalformedEventException(
          "invalid JSON at column "
              + column(e.getLocation())
              + ": "
              + Snippet.escaped(e.getOriginalMessage(), 200));
    } catch (IOException e) {
      // Reading from a String does no I/O; anything else Jackson reports is about the text.
      throw new MalformedEventException(
          "invalid JSON: " + Snippet.escaped(String.valueOf(e.getMessage()), 200));
    }
  }

  /**
   * Rejects keys outside {@code allowed}: a typo such as "dst_prot" must not quietly become "no
   * destination port". {@code type} is null while the event's type is not known yet.
   */
  private static void checkKeysKnown(ObjectNode event, List<String> allowed, String type)
      throws MalformedEventException {
    for (Iterator<String> keys = event.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (allowed.contains(key)) {
        continue;
      }
      if (type != null) {
        throw new MalformedEventException(
            "key '" + key + "' does not apply to type '" + type + "'");
      }
      String hint =
          KeyHint.closest(key, allowed).map(k -> " (did you mean '" + k + "'?)").orElse("");
      throw new MalformedEventException("unknown key " + Snippet.quoted(key) + hint);
    }
  }

  private static long column(JsonLocation location) {
    return location == null ? 0 : location.getColumnNr();
  }

  private static List<String> union(List<String> a, List<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
