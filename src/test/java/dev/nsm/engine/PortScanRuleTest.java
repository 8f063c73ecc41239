package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Alert;
import dev.nsm.event.Connection;
import dev.nsm.event.Evidence;
import dev.nsm.event.Severity;
import dev.nsm.event.Transport;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortScanRuleTest {

  private static final String RULE = "port-scan";
  private static final String SRC = "198.51.100.7";
  private static final String OTHER = "198.51.100.8";
  private static final String DST = "203.0.113.10";
  private static final String DST2 = "203.0.113.11";

  @Test
  void fourteenDistinctPortsDoNotFire() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 14; i++) {
      h.connect(i * 1000, SRC, DST, 1 + i);
    }
    h.advance(10 * 60_000);
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void firesOnTheFifteenthDistinctPortAtItsEventTime() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    Connection last = null;
    for (int i = 0; i < 15; i++) {
      last = h.connect(i * 1000, SRC, DST, 1 + i);
    }
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    Alert alert = alerts.get(0);
    assertEquals(14_000, RuleHarness.at(alert));
    assertEquals(Severity.HIGH, alert.severity());
    assertEquals(15, alert.dstPort());
    assertEquals("15 distinct ports on 203.0.113.10 within 60 s", alert.message());
    Evidence e = alert.evidence();
    assertEquals(15, e.count());
    assertEquals(15, e.threshold());
    assertEquals(last.micros(), e.windowEndMicros());
    assertEquals((last.timestamp() - 60_000L) * 1000 + 999, e.windowStartMicros());
    assertEquals(15, e.facts().size());
    assertSame(last, e.facts().get(14));
  }

  @Test
  void aSixteenthPortIsARepeat() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 16; i++) {
      h.connect(i * 1000, SRC, DST, 1 + i);
    }
    assertEquals(1, h.alerts(RULE).size());
    assertEquals(1, h.suppressedCount(RULE));
  }

  @Test
  void repeatedPortsCountOnce() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 40; i++) {
      h.connect(i * 100, SRC, DST, 1 + i % 14);
    }
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void windowIsHalfOpenSoAPortProbedExactlySixtySecondsAgoNoLongerCounts() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    h.connect(0, SRC, DST, 1000);
    for (int i = 1; i < 15; i++) {
      h.connect(60_000 - 14 + i, SRC, DST, 1000 + i); // the 15th lands at 60 s
    }
    assertTrue(h.alerts(RULE).isEmpty());
    h.connect(60_000, SRC, DST, 2000);
    assertEquals(1, h.alerts(RULE).size());
  }

  @Test
  void portsOnDifferentHostsAreNotAddedUp() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 28; i++) {
      h.connect(i * 100, SRC, i % 2 == 0 ? DST : DST2, 1 + i / 2);
    }
    assertTrue(h.alerts(RULE).isEmpty(), "14 ports on each of two hosts");
  }

  @Test
  void twoInterleavedSourcesAreCountedSeparately() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 28; i++) {
      h.connect(i * 100, i % 2 == 0 ? SRC : OTHER, DST, 1 + i / 2);
    }
    assertTrue(h.alerts(RULE).isEmpty());
    h.connect(3000, OTHER, DST, 100);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(OTHER, alerts.get(0).source());
    assertEquals(15, alerts.get(0).evidence().facts().size());
  }

  @Test
  void evidenceIsCappedWithTheOmittedCountStated() throws Exception {
    RuleHarness h = RuleHarness.withPolicy("detections:\n  port-scan:\n    min_count: 30\n");
    Connection last = null;
    for (int i = 0; i < 30; i++) {
      last = h.connect(i * 100, SRC, DST, 1 + i);
    }
    Evidence e = h.alerts(RULE).get(0).evidence();
    assertEquals(30, e.count());
    assertEquals(AlertRaiser.EVIDENCE_CAP, e.facts().size());
    assertEquals(10, e.omitted());
    assertSame(last, e.facts().get(AlertRaiser.EVIDENCE_CAP - 1));
  }

  @Test
  void suppressionCarriesRepeatsToTheNextAlert() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 20; i++) {
      h.connect(i * 100, SRC, DST, 1 + i); // alert at 1.4 s, five repeats
    }
    for (int i = 0; i < 15; i++) {
      h.connect(1_400 + 600_000 + i, SRC, DST2, 1 + i);
    }
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(2, alerts.size());
    assertEquals(DST2, alerts.get(1).dstIp());
    assertEquals(5, alerts.get(1).suppressed());
  }

  @Test
  void allowListsSilenceTheSource() throws Exception {
    RuleHarness perDetection =
        RuleHarness.withPolicy("detections:\n  port-scan:\n    allow: [198.51.100.7]\n");
    RuleHarness global = RuleHarness.withPolicy("allow: [198.51.100.0/24]\n");
    for (RuleHarness h : List.of(perDetection, global)) {
      for (int i = 0; i < 30; i++) {
        h.connect(i * 100, SRC, DST, 1 + i);
      }
      assertTrue(h.alerts(RULE).isEmpty());
    }
  }

  @Test
  void transportsOverrideLeavesUdpProbesUncounted() throws Exception {
    RuleHarness h = RuleHarness.withPolicy("detections:\n  port-scan:\n    transports: [tcp]\n");
    for (int i = 0; i < 10; i++) {
      h.connect(i * 100, SRC, DST, 1 + i, Transport.TCP);
      h.connect(i * 100 + 50, SRC, DST, 100 + i, Transport.UDP);
    }
    assertTrue(h.alerts(RULE).isEmpty(), "10 TCP ports; UDP does not count");
  }

  @Test
  void policyOverrideMakesSlowScansVisible() throws Exception {
    RuleHarness h =
        RuleHarness.withPolicy("detections:\n  port-scan:\n    min_count: 5\n    window: 10m\n");
    for (int i = 0; i < 5; i++) {
      h.connect(i * 120_000, SRC, DST, 1 + i); // one port every two minutes
    }
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(480_000, RuleHarness.at(alerts.get(0)));
    assertEquals("5 distinct ports on 203.0.113.10 within 600 s", alerts.get(0).message());
  }

  @Test
  void disabledDetectionNeverFires() throws Exception {
    RuleHarness h = RuleHarness.withPolicy("detections:\n  port-scan:\n    enabled: false\n");
    for (int i = 0; i < 30; i++) {
      h.connect(i * 100, SRC, DST, 1 + i);
    }
    assertTrue(h.alerts(RULE).isEmpty());
  }
}
