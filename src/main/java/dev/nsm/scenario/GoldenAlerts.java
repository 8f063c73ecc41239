package dev.nsm.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nsm.event.Alert;
import dev.nsm.report.AlertDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code expected-alerts.jsonl}: the alerts a scenario produced, reduced to rule, source,
 * destination and time in the ECS shape of {@code alerts.jsonl}. Only these four are kept so that a
 * new nsm version or a reworded message does not churn every golden file.
 */
final class GoldenAlerts {

  private static final ObjectMapper JSON = new ObjectMapper();

  // Neither the ruleset hash nor the version is kept, so their values do not matter here.
  private static final AlertDocument DOCUMENTS = new AlertDocument("", "");

  private GoldenAlerts() {}

  /** The lines for these alerts, in the order they were raised. */
  static List<String> lines(List<Alert> alerts) {
    List<String> lines = new ArrayList<>();
    for (Alert alert : alerts) {
      lines.add(key(DOCUMENTS.of(alert)));
    }
    return lines;
  }

  static void write(Path file, List<Alert> alerts) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : lines(alerts)) {
      text.append(line).append('\n');
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** The golden lines missing from the alerts and the alerts not in the golden file. */
  static List<String> compare(Path file, List<Alert> alerts) throws IOException {
    Map<String, Integer> unmatched = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        unmatched.merge(key(parse(file, i + 1, lines.get(i))), 1, Integer::sum);
      }
    }
    List<String> differences = new ArrayList<>();
    for (String produced : lines(alerts)) {
      if (unmatched.merge(produced, -1, Integer::sum) < 0) {
        differences.add(file.getFileName() + ": unexpected alert " + produced);
      }
    }
    unmatched.forEach(
        (line, left) -> {
          for (int i = 0; i < left; i++) {
            differences.add(file.getFileName() + ": missing alert " + line);
          }
        });
    return differences;
  }

  private static JsonNode parse(Path file, int number, String line) throws IOException {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IOException(file + ":" + number + ": not a JSON object: " + e.getOriginalMessage());
    }
  }

  /** The compared fields, always in the same order, as one line of JSON. */
  private static String key(JsonNode doc) {
    ObjectNode key = JSON.createObjectNode();
    key.put("@timestamp", doc.path("@timestamp").asText());
    key.putObject("rule").put("id", doc.path("rule").path("id").asText());
    key.putObject("source").put("ip", doc.path("source").path("ip").asText());
    JsonNode destination = doc.path("destination").path("ip");
    if (!destination.isMissingNode()) {
      key.putObject("destination").put("ip", destination.asText());
    }
    return key.toString();
  }
}
