package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Transport;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventExpiryTest {

  private static final long MINUTE = 60_000;
  private static final int FACTS = 100_000;
  private static final int SOURCES = 50_000;

  @Test
  void connectionsLiveForTheLongestConnectionWindowAndAlertsForAnHour() throws Exception {
    Map<String, Long> expiry = RuleHarness.compile().expiryMillis();
    assertEquals(5 * MINUTE, expiry.get("Connection"), "port-sweep's 5 min window");
    assertEquals(10 * MINUTE, expiry.get("AuthAttempt"), "brute-force-success's 10 min window");
    assertEquals(60 * MINUTE, expiry.get("Alert"), "multi-pattern-source's 1 h window");
  }

  @Test
  void expiryFollowsAPolicyThatWidensAWindow() throws Exception {
    Map<String, Long> expiry =
        RuleHarness.compile("detections:\n  port-scan:\n    window: 15m\n").expiryMillis();
    assertEquals(15 * MINUTE, expiry.get("Connection"));
  }

  @Test
  void factsExpireAndTheHeapStaysFlatOverLongStreams() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    long detections = RuleHarness.compile().rules().size(); // policy facts, never expire

    long end = stream(h, 0);
    h.advance(end + 5 * MINUTE);
    assertTrue(
        h.session.liveFacts() <= detections + 200,
        "connections gone once 5 min old; only the few alerts remain: " + h.session.liveFacts());
    h.advance(end + 61 * MINUTE);
    assertEquals(detections, h.session.liveFacts(), "alerts gone after an hour");
    long before = usedHeapAfterGc();

    long end2 = stream(h, end + 61 * MINUTE);
    h.advance(end2 + 61 * MINUTE);
    assertEquals(detections, h.session.liveFacts());
    long after = usedHeapAfterGc();

    assertTrue(
        after - before < 64L << 20,
        "heap grew by " + ((after - before) >> 20) + " MB over " + FACTS + " more facts");
    assertTrue(h.alerts("unusual-port").size() >= 2 * 90, "the stream did raise alerts");
    assertEquals(0, h.session.suppressionEntries(), "suppression intervals forgotten too");
  }

  /**
   * 100k connection attempts from 50k sources over an hour of event time, starting at {@code
   * start}: two each, 30 min apart, to port 80; every 1000th to an unusual port.
   *
   * @return the time of the last
   */
  private static long stream(RuleHarness h, long start) {
    long t = start;
    for (int i = 0; i < FACTS; i++) {
      int s = i % SOURCES;
      String src = "10." + (s >> 16) + "." + ((s >> 8) & 255) + "." + (s & 255);
      t = start + i * 36L; // 36 ms apart: an hour
      h.connect(
          t,
          src,
          40_000 + (i & 1023),
          "192.0.2." + (1 + i % 200),
          i % 1000 == 0 ? 4444 : 80,
          Transport.TCP);
    }
    return t;
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
