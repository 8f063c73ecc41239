package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Connection;
import dev.nsm.event.NearMiss;
import dev.nsm.event.Origin;
import dev.nsm.event.Transport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default rules record, per (rule, source), the highest count below the threshold. */
class NearMissRuleTest {

  private static final String SRC = "198.51.100.9";
  private static final String OTHER = "198.51.100.10";
  private static final String DST = "203.0.113.10";

  @Test
  void fiveOfSixWithinOneSecondIsTheSourcesNearMiss() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 5; i++) {
      h.connect(3012 + i * 100, SRC, DST, 80);
    }
    h.advance(10_000);

    NearMiss miss = h.session.nearMiss("high-frequency", SRC);
    assertEquals("198.51.100.9: 5 of 6 in 1s, peak at 09:00:03.412", miss.summary(false));
    assertEquals("198.51.100.9: 5 of 6 in 1s, peak at 2026-11-25 09:00:03.412", miss.summary(true));
    assertEquals(Origin.frame("test.pcap", 5), miss.origin(), "the fifth attempt");
    assertTrue(h.alerts("high-frequency").isEmpty());
  }

  @Test
  void thePeakIsTheHighestCountInAnyWindowNotTheLast() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int at : new int[] {0, 1500, 1600, 1700, 1800, 5000}) {
      h.connect(at, SRC, DST, 80);
    }
    h.advance(10_000);

    assertEquals(
        "198.51.100.9: 4 of 6 in 1s, peak at 09:00:01.800",
        h.session.nearMiss("high-frequency", SRC).summary(false));
  }

  @Test
  void anEqualCountLaterDoesNotMoveThePeak() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int burst = 0; burst < 3; burst++) {
      for (int i = 0; i < 5; i++) {
        h.connect(burst * 5_000 + i * 10, SRC, DST, 80);
      }
    }
    h.advance(20_000);

    assertEquals(40_000L, h.session.nearMiss("high-frequency", SRC).peakMicros() % 1_000_000L);
    assertEquals(
        "198.51.100.9: 5 of 6 in 1s, peak at 09:00:00.040",
        h.session.nearMiss("high-frequency", SRC).summary(false));
  }

  @Test
  void attemptsWithinOneMillisecondPeakAtTheOneThatCompletedTheCount() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 4; i++) { // hydra's four tasks connect within microseconds
      h.session.insert(
          Connection.of(
              RuleHarness.BASE_MILLIS * 1000L + 149_000 + i * 50,
              SRC,
              40000 + i,
              DST,
              21,
              Transport.TCP,
              Origin.frame("ftp.pcap", 1 + i)));
    }
    h.advance(10_000);

    NearMiss miss = h.session.nearMiss("high-frequency", SRC);
    assertEquals(4, miss.count());
    assertEquals(Origin.frame("ftp.pcap", 4), miss.origin(), "not the first of the four");
  }

  @Test
  void aSourceThatAlertedIsNoNearMissWhileOthersStay() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 5; i++) {
      h.connect(i * 10, SRC, DST, 80); // 5 of 6: a near miss, for now
    }
    for (int i = 0; i < 3; i++) {
      h.connect(100 + i * 10, OTHER, DST, 80);
    }
    h.connect(200, SRC, DST, 80); // the sixth: fires
    h.advance(10_000);
    for (int i = 0; i < 5; i++) {
      h.connect(20_000 + i * 10, SRC, DST, 80); // after the alert: still no near miss
    }
    h.advance(30_000);

    assertEquals(1, h.alerts("high-frequency").size());
    assertNull(h.session.nearMiss("high-frequency", SRC));
    List<NearMiss> misses =
        h.session.nearMisses().stream().filter(m -> m.ruleId().equals("high-frequency")).toList();
    assertEquals(1, misses.size(), misses::toString);
    assertEquals(OTHER, misses.get(0).source());
    assertEquals(3, misses.get(0).count());
  }

  @Test
  void portScanCountsDistinctPortsAsTheRuleDoes() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 14; i++) {
      h.connect(i * 1000L, SRC, DST, 1000 + i);
      h.connect(i * 1000L + 1, SRC, DST, 1000 + i); // a repeated port does not count twice
    }
    h.advance(120_000);

    NearMiss miss = h.session.nearMiss("port-scan", SRC);
    assertEquals("198.51.100.9: 14 of 15 in 1m, peak at 09:00:13.000", miss.summary(false));
  }

  @Test
  void authFailuresNearMissPointsAtTheLogLine() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 4; i++) {
      h.auth(i * 1000L, SRC, "ssh", false);
    }
    h.auth(5000, SRC, "ssh", true); // a success is not counted by auth-failures
    h.advance(600_000);

    NearMiss miss = h.session.nearMiss("auth-failures", SRC);
    assertEquals("198.51.100.9: 4 of 5 in 5m, peak at 09:00:03.000", miss.summary(false));
    assertEquals(Origin.line("auth.log", 4), miss.origin());
    assertEquals(
        "198.51.100.9: 4 of 5 in 10m, peak at 09:00:05.000",
        h.session.nearMiss("brute-force-success", SRC).summary(false),
        "four failures before the success");
  }

  @Test
  void aCorrelatingRuleCountsDetectionsAndHasNoFileOrigin() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 6; i++) {
      h.connect(i * 10, SRC, DST, 80);
    }
    h.advance(10_000);

    NearMiss miss = h.session.nearMiss("multi-pattern-source", SRC);
    assertEquals("198.51.100.9: 1 of 2 in 1h, peak at 09:00:00.050", miss.summary(false));
    assertNull(miss.origin());
  }

  @Test
  void theSameInputGivesTheSameNearMisses() throws Exception {
    assertEquals(nearMissesOfAMixedRun(), nearMissesOfAMixedRun());
  }

  private static List<NearMiss> nearMissesOfAMixedRun() throws Exception {
    RuleHarness h = RuleHarness.freshlyCompiled();
    for (int i = 0; i < 40; i++) {
      String src = "198.51.100." + (i % 7);
      h.connect(i * 37L, src, DST, 1000 + (i % 5));
      h.auth(i * 41L, src, "ftp", false);
    }
    h.advance(3_600_000);
    return h.session.nearMisses();
  }
}
