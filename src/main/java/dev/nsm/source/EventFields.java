package dev.nsm.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsm.event.IpAddress;
import java.util.Locale;

/**
 * Typed, checked access to the keys of one event object. An explicit JSON {@code null} for an
 * optional key means the same as leaving the key out; for a required key it is an error.
 */
final class EventFields {

  private final ObjectNode event;

  EventFields(ObjectNode event) {
    this.event = event;
  }

  long time() throws MalformedEventException {
    return EventTime.micros(required("time"));
  }

  String requiredText(String key) throws MalformedEventException {
    return text(key, required(key));
  }

  /** The string value, or {@code null} when the key is absent or null. */
  String optionalText(String key) throws MalformedEventException {
    JsonNode value = event.get(key);
    return isAbsent(value) ? null : text(key, value);
  }

  /** A lower-case word such as a service name: non-empty, no spaces or control characters. */
  String requiredName(String key) throws MalformedEventException {
    String name = requiredText(key);
    if (name.isEmpty()
        || name.codePoints()
            .anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new MalformedEventException(
          "'" + key + "' must be a name without spaces, not " + Snippet.quoted(name));
    }
    return name.toLowerCase(Locale.ROOT);
  }

  String requiredAddress(String key) throws MalformedEventException {
    return address(key, requiredText(key));
  }

  /** The address, or {@code null} when the key is absent or null. */
  String optionalAddress(String key) throws MalformedEventException {
    String text = optionalText(key);
    return text == null ? null : address(key, text);
  }

  int requiredPort(String key) throws MalformedEventException {
    return port(key, required(key));
  }

  int optionalPort(String key, int fallback) throws MalformedEventException {
    JsonNode value = event.get(key);
    return isAbsent(value) ? fallback : port(key, value);
  }

  private JsonNode required(String key) throws MalformedEventException {
    JsonNode value = event.get(key);
    if (value == null) {
      throw new MalformedEventException("missing required key '" + key + "'");
    }
    if (value.isNull()) {
      throw new MalformedEventException("required key '" + key + "' is null");
    }
    return value;
  }

  private static boolean isAbsent(JsonNode value) {
    return value == null || value.isNull();
  }

  private static String text(String key, JsonNode value) throws MalformedEventException {
    if (!value.isTextual()) {
      throw new MalformedEventException(
          "'" + key + "' must be a string, not " + JsonKind.of(value));
    }
    return value.textValue();
  }

  private static String address(String key, String text) throws MalformedEventException {
    if (IpAddress.parse(text) == null) {
      throw new MalformedEventException(
          "'"
              + key
              + "' must be an IPv4 or IPv6 address, not "
              + Snippet.quoted(text)
              + " (host names are not looked up)");
    }
    return text;
  }

  private static int port(String key, JsonNode value) throws MalformedEventException {
    if (!value.isIntegralNumber()) {
      throw new MalformedEventException(
          "'" + key + "' must be a whole number 0-65535, not " + JsonKind.of(value));
    }
    if (!value.canConvertToInt() || value.intValue() < 0 || value.intValue() > 65535) {
      throw new MalformedEventException(
          "'" + key + "' " + Snippet.escaped(value.asText(), 40) + " is outside 0-65535");
    }
    return value.intValue();
  }
}
