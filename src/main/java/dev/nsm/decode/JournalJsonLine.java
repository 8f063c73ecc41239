package dev.nsm.decode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One line of {@code journalctl -o json}: {@code __REALTIME_TIMESTAMP} (epoch microseconds, as a
 * string), {@code MESSAGE}, and the program from {@code SYSLOG_IDENTIFIER} or else {@code _COMM}.
 */
final class JournalJsonLine {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JournalJsonLine() {}

  /** The entry as a syslog line, or {@code null} when it has no text message. */
  static SyslogLine parse(String line) {
    JsonNode entry;
    try {
      entry = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new MalformedAuthLineException("journal entry is not valid JSON");
    }
    if (entry == null || !entry.isObject()) {
      throw new MalformedAuthLineException("journal entry is not a JSON object");
    }
    JsonNode message = entry.get("MESSAGE");
    if (message == null || !message.isTextual()) {
      // journald stores non-UTF-8 messages as byte arrays; none of ours are auth lines.
      return null;
    }
    String program = text(entry, "SYSLOG_IDENTIFIER");
    if (program == null) {
      program = text(entry, "_COMM");
    }
    if (program == null) {
      return null;
    }
    String realtime = text(entry, "__REALTIME_TIMESTAMP");
    if (realtime == null || !realtime.matches("\\d{1,19}")) {
      throw new MalformedAuthLineException("journal entry without a numeric __REALTIME_TIMESTAMP");
    }
    String host = text(entry, "_HOSTNAME");
    String pid = text(entry, "SYSLOG_PID");
    if (pid == null) {
      pid = text(entry, "_PID");
    }
    return new SyslogLine(
        Long.parseLong(realtime), host == null ? "-" : host, program, pid, message.asText());
  }

  private static String text(JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    return value != null && value.isValueNode() ? value.asText() : null;
  }
}
