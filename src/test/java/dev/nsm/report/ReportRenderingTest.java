package dev.nsm.report;

import static dev.nsm.report.TestFacts.MINUTE;
import static dev.nsm.report.TestFacts.T0;
import static dev.nsm.report.TestFacts.alert;
import static dev.nsm.report.TestFacts.connection;
import static dev.nsm.report.TestFacts.login;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Severity;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRenderingTest {

  private static final String HOSTILE_SOURCE = "evil\u001b[2J\r\nsource";

  /** The same run, fed to a fresh aggregator each time. */
  private static SecurityReport run() {
    ReportAggregator aggregator = new ReportAggregator();
    aggregator.setRuleset("sha256:0f3a", List.of("port-scan", "brute-force", "odd-hours"));
    for (int port = 1; port <= 20; port++) {
      aggregator.onFact(connection(T0 + port, "198.51.100.23", port));
    }
    aggregator.onFact(login(T0, "192.0.2.7", "root", AuthOutcome.FAILURE));
    aggregator.accept(TestFacts.portScan(T0 + 30, "root"));
    aggregator.accept(alert("brute-force", Severity.MEDIUM, "192.0.2.7", T0 + 2 * MINUTE));
    aggregator.accept(alert("brute-force", Severity.MEDIUM, HOSTILE_SOURCE, T0 + 2 * MINUTE));
    aggregator.onSuppressed("port-scan", "198.51.100.23");
    aggregator.onMalformed("auth.log", 12, "bad user \"\r\n2026-01-01 00:00:00 - ERROR - forged\"");
    return aggregator.snapshot();
  }

  @Test
  void textRenderingIsTheSameForTheSameRun() {
    assertEquals(run().toString(), run().toString());
  }

  @Test
  void textRenderingShowsTheKeyFiguresInAlignedTables() {
    String text = run().toString();
    assertTrue(text.startsWith("nsm security report\n"), text);
    List<String> lines = text.lines().toList();
    assertTrue(lines.contains("Ruleset             sha256:0f3a (3 rules)"), text);
    assertTrue(
        lines.contains(
            "Facts processed     21 (auth_attempt 1, connection 20, connection_outcome 0)"),
        text);
    assertTrue(lines.contains("Alerts              3"), text);
    assertTrue(lines.contains("Suppressed repeats  1"), text);
    assertTrue(lines.contains("  medium         2"), text);
    assertTrue(lines.contains("  critical       0"), text);
    assertTrue(lines.contains("  odd-hours         0           0"), text);
    assertTrue(lines.contains("  port-scan         1           1"), text);
    assertTrue(lines.contains("  2026-11-25 08:42       2  " + "#".repeat(40)), text);
    assertTrue(
        text.contains(
            "  198.51.100.23               1    50  port-scan\n"
                + "  192.0.2.7                   1    25  brute-force\n"),
        text);
  }

  @Test
  void textRenderingEscapesAttackerControlledText() {
    String text = run().toString();
    assertFalse(text.contains("\u001b"), "raw ESC in the report");
    assertFalse(text.contains("\r"), "raw CR in the report");
    assertTrue(text.contains("evil\\x1b[2J\\r\\nsource"), text);
    assertTrue(
        text.contains("auth.log:12: bad user \"\\r\\n2026-01-01 00:00:00 - ERROR - forged\""));
    assertFalse(text.lines().anyMatch(line -> line.startsWith("2026-01-01")), text);
  }

  @Test
  void emptyReportSaysSoInEverySection() {
    String text = new ReportAggregator().snapshot().toString();
    assertTrue(text.contains("Ruleset             not recorded\n"), text);
    assertTrue(text.contains("Event time          no facts\n"), text);
    assertTrue(text.contains("Top sources\n  none\n"), text);
    assertTrue(text.contains("Suspicious activity\n  none\n"), text);
  }

  @Test
  void jsonRenderingIsTheSameForTheSameRunWithUnixLineEnds() {
    String json = run().toJson();
    assertEquals(json, run().toJson());
    assertFalse(json.contains("\r"));
    assertTrue(json.endsWith("}\n"));
  }

  @Test
  void jsonRenderingHoldsTheKeyFiguresUnderSnakeCaseKeys() throws IOException {
    JsonNode json = new ObjectMapper().readTree(run().toJson());
    assertEquals(1, json.get("schema_version").asInt());
    assertEquals("sha256:0f3a", json.at("/ruleset/hash").asText());
    assertEquals(20, json.at("/facts/by_kind/connection").asLong());
    assertEquals("2026-11-25T08:40:01.123456Z", json.at("/facts/first_event").asText());
    assertEquals(3, json.at("/alerts/total").asLong());
    assertEquals(2, json.at("/alerts/by_rule/brute-force").asLong());
    assertEquals(0, json.at("/alerts/by_rule/odd-hours").asLong());
    assertEquals(2, json.at("/alerts/by_severity/medium").asLong());
    assertEquals(0, json.at("/alerts/by_severity/critical").asLong());
    assertEquals(1, json.at("/alerts/suppressed_by_rule/port-scan").asLong());
    assertEquals("2026-11-25T08:42:00.000000Z", json.at("/alerts/per_minute/1/minute").asText());
    assertEquals(1, json.at("/malformed_input/by_input/auth.log").asLong());
    JsonNode first = json.at("/suspicious_activity/0");
    assertEquals("198.51.100.23", first.get("source").asText());
    assertEquals(50, first.get("risk_score").asInt());
    assertEquals(20, first.get("distinct_destination_ports").asInt());
    assertEquals(1, first.get("suppressed").asLong());
    assertEquals(HOSTILE_SOURCE, json.at("/sources/top/2/source").asText());
    List<String> keys = List.copyOf(iterable(json.fieldNames()));
    assertEquals(
        List.of(
            "schema_version",
            "ruleset",
            "facts",
            "malformed_input",
            "inputs",
            "alerts",
            "sources",
            "suspicious_activity"),
        keys);
  }

  private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
    List<T> items = new java.util.ArrayList<>();
    iterator.forEachRemaining(items::add);
    return items;
  }
}
