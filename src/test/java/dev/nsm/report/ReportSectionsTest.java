package dev.nsm.report;

import static dev.nsm.report.TestFacts.SECOND;
import static dev.nsm.report.TestFacts.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsm.event.NearMiss;
import dev.nsm.event.Origin;
import dev.nsm.event.Severity;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The near-miss and explanation sections: only when asked, grouped, capped and escaped. */
class ReportSectionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static SecurityReport plain() {
    ReportAggregator aggregator = new ReportAggregator();
    aggregator.setRuleset("sha256:0f3a", List.of("high-frequency", "port-scan", "odd-hours"));
    return aggregator.snapshot();
  }

  private static NearMiss miss(String source, long count, long micros, Origin origin) {
    return new NearMiss("high-frequency", source, count, 6, "1s", micros, origin);
  }

  private static NearMissReport nearMisses() {
    List<NearMiss> all =
        List.of(
            miss("198.51.100.9", 5, T0, Origin.frame("capture.pcap", 812)),
            miss("198.51.100.10", 4, T0 + SECOND, Origin.line("evil\r\n.log", 3)),
            miss("198.51.100.11", 1, T0 + 2 * SECOND, null));
    return NearMissReport.of(
        List.of("high-frequency", "port-scan", "odd-hours"), Set.of("odd-hours"), all, 2, 7, 10);
  }

  @Test
  void neitherSectionAppearsUnlessAskedFor() throws IOException {
    SecurityReport report = plain();

    assertFalse(report.toString().contains("Near misses"), report.toString());
    assertFalse(report.toString().contains("Explanations"), report.toString());
    JsonNode json = JSON.readTree(report.toJson());
    assertTrue(json.path("near_misses").isMissingNode());
    assertTrue(json.path("explanations").isMissingNode());
  }

  @Test
  void nearMissesAreListedPerRuleClosestFirstWithTheRestCounted() {
    String text = plain().withNearMisses(nearMisses()).toString();

    assertTrue(
        text.contains(
            "\n  high-frequency\n"
                + "    198.51.100.9: 5 of 6 in 1s, peak at 2026-11-25 08:40:01.123"
                + " (capture.pcap frame 812)\n"
                + "    198.51.100.10: 4 of 6 in 1s, peak at 2026-11-25 08:40:02.123"
                + " (evil\\r\\n.log line 3)\n"
                + "    and 1 more\n"
                + "  port-scan: none\n"
                + "  rule odd-hours does not record near misses (it does not call alerts.reached)\n"
                + "  7 weaker (rule, source) pairs were dropped to remember at most 10\n"),
        text);
  }

  @Test
  void nearMissesInJsonCarryThePeakTimeToTheMicrosecond() throws IOException {
    JsonNode json = JSON.readTree(plain().withNearMisses(nearMisses()).toJson());

    JsonNode first = json.at("/near_misses/by_rule/high-frequency/listed/0");
    assertEquals("198.51.100.9", first.path("source").asText());
    assertEquals(5, first.path("count").asLong());
    assertEquals(6, first.path("threshold").asLong());
    assertEquals("1s", first.path("window").asText());
    assertEquals("2026-11-25T08:40:01.123456Z", first.path("peak_at").asText());
    assertEquals("capture.pcap frame 812", first.path("origin").asText());
    assertEquals(1, json.at("/near_misses/by_rule/high-frequency/unlisted").asLong());
    assertEquals(0, json.at("/near_misses/by_rule/port-scan/listed").size());
    assertEquals("odd-hours", json.at("/near_misses/not_recorded_by/0").asText());
    assertEquals(7, json.at("/near_misses/evicted").asLong());
  }

  @Test
  void explanationsShowCountThresholdWindowAndEachFactWithItsOrigin() {
    AlertExplanations.Collector collector = new AlertExplanations.Collector(1);
    collector.accept(TestFacts.portScan(T0, "root\r\n2026-01-01 00:00:00 - ERROR - forged"));
    collector.accept(TestFacts.alert("odd-hours", Severity.LOW, "192.0.2.7", T0));

    String text = plain().withExplanations(collector.explanations()).toString();

    assertTrue(
        text.contains(
            "  2026-11-25T08:40:01.123456Z port-scan high 198.51.100.23 (id a1b2c3)\n"
                + "    15 distinct ports on 203.0.113.10 within 60s (threshold 15)\n"
                + "    counted 15, threshold 15,"
                + " window (2026-11-25T08:39:01.123456Z, 2026-11-25T08:40:01.123456Z]\n"
                + "      2026-11-25T08:39:59.123456Z tcp 198.51.100.23:40000 -> 203.0.113.10:22,"
                + " capture.pcap frame 12\n"
                + "      2026-11-25T08:40:00.123456Z ssh failure as"
                + " 'root\\r\\n2026-01-01 00:00:00 - ERROR - forged'"
                + " 198.51.100.23 -> 203.0.113.10:22, auth.log line 34\n"
                + "      2026-11-25T08:40:00.623456Z alert brute-force from 198.51.100.23"
                + " (id brute-force-198.51.100.23-1795596000623456)\n"
                + "      and 12 more facts (an alert lists 3: the earliest and the one that"
                + " crossed)\n"
                + "    2 repeats suppressed since the previous alert of this rule and source\n"
                + "  and 1 more alerts (the first 1 are explained here; the alerts file has them"
                + " all)\n"),
        text);
  }

  @Test
  void explanationsInJsonReuseTheAlertsFileEvidence() throws IOException {
    AlertExplanations.Collector collector = new AlertExplanations.Collector(10);
    collector.accept(TestFacts.portScan(T0, "root"));

    JsonNode json = JSON.readTree(plain().withExplanations(collector.explanations()).toJson());

    JsonNode alert = json.at("/explanations/alerts/0");
    assertEquals("a1b2c3", alert.path("id").asText());
    assertEquals(15, alert.at("/evidence/threshold").asLong());
    assertEquals(12, alert.at("/evidence/facts_omitted").asLong());
    assertEquals("auth.log line 34", alert.at("/evidence/facts/1/origin").asText());
    assertEquals(0, json.at("/explanations/unlisted").asLong());
  }
}
