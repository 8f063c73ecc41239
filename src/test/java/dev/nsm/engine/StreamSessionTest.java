package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StreamSessionTest {

  private static final String SRC = "198.51.100.7";
  private static final String DST = "203.0.113.10";

  @Test
  void clockFollowsEventTimeAndNeverMovesBack() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    h.connect(5_000, SRC, DST, 80);
    assertEquals(RuleHarness.BASE_MILLIS + 5_000, h.session.clock());
    h.connect(1_000, SRC, DST, 80);
    assertEquals(RuleHarness.BASE_MILLIS + 5_000, h.session.clock());
    h.session.advanceTo(RuleHarness.BASE_MILLIS);
    assertEquals(RuleHarness.BASE_MILLIS + 5_000, h.session.clock());
  }

  @Test
  void aFactOlderThanTheClockIsInsertedAndReportedLate() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    h.connect(5_000, SRC, DST, 80);
    h.connect(4_900, SRC, DST, 80);
    assertEquals(1, h.late.size());
    assertEquals(2, h.session.liveFacts() - 7, "both facts are held, besides the 7 detections");
  }

  @Test
  void lateFactsStillCountInsideTheWindowOfLaterFacts() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    h.connect(500, SRC, DST, 80);
    for (int i = 0; i < 4; i++) {
      h.connect(100 + i, SRC, DST, 80); // late, but inside (t - 1 s, t] of the next one
    }
    assertTrue(h.alerts("high-frequency").isEmpty());
    h.connect(600, SRC, DST, 80);
    assertEquals(1, h.alerts("high-frequency").size());
  }

  @Test
  void aHeartbeatClosesWindowsOnAnIdleFeed() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 5; i++) {
      h.connect(i * 10, SRC, DST, 80);
    }
    assertEquals(5, h.session.liveFacts() - 7);
    h.session.advanceTo(RuleHarness.BASE_MILLIS + 301_000); // past the longest connection window
    assertEquals(0, h.session.liveFacts() - 7, "expired: only the detection facts remain");
    h.connect(301_010, SRC, DST, 80);
    assertTrue(h.alerts("high-frequency").isEmpty(), "the earlier five are gone");
  }

  @Test
  void factsWithTheSameTimestampAreEvaluatedTogetherInInputOrder() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 8; i++) {
      h.connect(0, SRC, DST, 1000 + i);
    }
    var alerts = h.alerts("high-frequency");
    assertEquals(1, alerts.size());
    assertEquals(0, RuleHarness.at(alerts.get(0)));
    assertEquals(8, alerts.get(0).evidence().count(), "all eight arrived in the same tick");
  }

  @Test
  void globallyAllowedSourcesAreNotInserted() throws Exception {
    RuleHarness h = RuleHarness.withPolicy("allow: [198.51.100.0/24]\n");
    for (int i = 0; i < 20; i++) {
      h.connect(i, SRC, DST, 4444);
    }
    h.flush();
    assertTrue(h.alerts.isEmpty());
    assertEquals(0, h.session.liveFacts() - 7);
  }
}
