package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The session's cap on facts: the oldest go first, and only those dropped early are counted. */
class HeldFactsTest {

  private static final String DST = "203.0.113.10";
  private static final int DETECTIONS = 7; // policy facts, one per rule, never dropped

  @Test
  void beyondItsCapTheSessionDropsTheOldestFactsAndCountsThem() throws Exception {
    RuleHarness h = RuleHarness.holdingAtMost(5);
    for (int i = 0; i < 8; i++) {
      h.connect(i, "198.51.100." + (i + 1), DST, 80);
    }
    h.flush();
    assertEquals(5, h.session.liveFacts() - DETECTIONS);
    assertEquals(3, h.session.evictedFacts());
  }

  @Test
  void aDroppedFactNoLongerCountsInAnyWindow() throws Exception {
    RuleHarness roomy = RuleHarness.holdingAtMost(100);
    RuleHarness tight = RuleHarness.holdingAtMost(5);
    for (RuleHarness h : new RuleHarness[] {roomy, tight}) {
      for (int i = 0; i < 6; i++) {
        h.connect(i * 10, "198.51.100.7", DST, 80); // the 6th within 1 s fires high-frequency
      }
    }
    assertEquals(1, roomy.alerts("high-frequency").size());
    assertTrue(tight.alerts("high-frequency").isEmpty(), "the first was dropped: 5 in the window");
    assertEquals(1, tight.session.evictedFacts());
  }

  @Test
  void factsTheirWindowsLetGoAreNotCountedAsDropped() throws Exception {
    RuleHarness h = RuleHarness.holdingAtMost(5);
    for (int i = 0; i < 5; i++) {
      h.connect(i, "198.51.100." + (i + 1), DST, 80);
    }
    h.advance(301_000); // past the longest window over connections: they expire
    for (int i = 0; i < 5; i++) {
      h.connect(301_000 + i, "192.0.2." + (i + 1), DST, 80);
    }
    h.flush();
    assertEquals(5, h.session.liveFacts() - DETECTIONS);
    assertEquals(0, h.session.evictedFacts());
  }

  @Test
  void theOldestFactGoesFirstWhateverItsKind() throws Exception {
    RuleHarness h = RuleHarness.holdingAtMost(3);
    h.auth(0, "198.51.100.9", "ssh", false);
    h.connect(1, "198.51.100.1", DST, 80);
    h.connect(2, "198.51.100.2", DST, 80);
    h.connect(3, "198.51.100.3", DST, 80);
    h.flush();
    assertEquals(1, h.session.evictedFacts());
    assertEquals(
        3,
        h.session.liveFacts() - DETECTIONS,
        "the three connections are held, the older auth attempt was dropped");
  }
}
