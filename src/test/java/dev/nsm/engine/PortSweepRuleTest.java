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

class PortSweepRuleTest {

  private static final String RULE = "port-sweep";
  private static final String SRC = "198.51.100.7";
  private static final String OTHER = "198.51.100.8";

  private static String host(int i) {
    return "10.0." + (i / 250) + "." + (1 + i % 250);
  }

  @Test
  void twentyFourHostsDoNotFire() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 24; i++) {
      h.connect(i * 1000, SRC, host(i), 445);
    }
    h.advance(60 * 60_000);
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void firesOnTheTwentyFifthHostWithCappedEvidence() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    Connection first = null;
    Connection last = null;
    for (int i = 0; i < 25; i++) {
      last = h.connect(i * 10_000, SRC, host(i), 445);
      first = first == null ? last : first;
    }
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    Alert alert = alerts.get(0);
    assertEquals(240_000, RuleHarness.at(alert));
    assertEquals(Severity.HIGH, alert.severity());
    assertEquals(host(24), alert.dstIp());
    assertEquals("port 445 on 25 distinct hosts within 300 s", alert.message());
    Evidence e = alert.evidence();
    assertEquals(25, e.count());
    assertEquals(25, e.threshold());
    assertEquals(last.micros(), e.windowEndMicros());
    assertEquals((last.timestamp() - 300_000L) * 1000 + 999, e.windowStartMicros());
    assertEquals(AlertRaiser.EVIDENCE_CAP, e.facts().size());
    assertEquals(5, e.omitted());
    assertSame(first, e.facts().get(0));
    assertSame(last, e.facts().get(AlertRaiser.EVIDENCE_CAP - 1));
  }

  @Test
  void aTwentySixthHostIsARepeat() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 26; i++) {
      h.connect(i * 100, SRC, host(i), 445);
    }
    assertEquals(1, h.alerts(RULE).size());
    assertEquals(1, h.suppressedCount(RULE));
  }

  @Test
  void windowIsHalfOpenSoAHostReachedExactlyFiveMinutesAgoNoLongerCounts() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    h.connect(0, SRC, host(0), 22);
    for (int i = 1; i < 25; i++) {
      h.connect(300_000 - 24 + i, SRC, host(i), 22); // the 25th lands at 5 min
    }
    assertTrue(h.alerts(RULE).isEmpty());
    h.connect(300_000, SRC, host(100), 22);
    assertEquals(1, h.alerts(RULE).size());
  }

  @Test
  void theSameHostOrOtherPortsDoNotAddUp() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 24; i++) {
      h.connect(i * 100, SRC, host(i), 3389);
    }
    for (int i = 0; i < 10; i++) {
      h.connect(5000 + i * 100, SRC, host(0), 3389); // the same host again
      h.connect(5050 + i * 100, SRC, host(50 + i), 445); // another port
    }
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void connectionsWithoutADestinationAreIgnored() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 24; i++) {
      h.connect(i * 100, SRC, host(i), 80);
    }
    h.connect(3000, SRC, null, 80);
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void twoInterleavedSourcesAreCountedSeparately() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 48; i++) {
      h.connect(i * 100, i % 2 == 0 ? SRC : OTHER, host(i / 2), 445);
    }
    assertTrue(h.alerts(RULE).isEmpty(), "24 hosts each");
    h.connect(5000, SRC, host(99), 445);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(SRC, alerts.get(0).source());
  }

  @Test
  void suppressionCarriesRepeatsToTheNextAlert() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 30; i++) {
      h.connect(i * 100, SRC, host(i), 445); // alert at 2.4 s, five repeats
    }
    for (int i = 0; i < 25; i++) {
      h.connect(2_400 + 600_000 + i, SRC, host(200 + i), 445);
    }
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(2, alerts.size());
    assertEquals(602_400 + 24, RuleHarness.at(alerts.get(1)));
    assertEquals(5, alerts.get(1).suppressed());
  }

  @Test
  void allowListsSilenceTheSource() throws Exception {
    RuleHarness perDetection =
        RuleHarness.withPolicy("detections:\n  port-sweep:\n    allow: [198.51.100.0/24]\n");
    RuleHarness global = RuleHarness.withPolicy("allow: [198.51.100.7]\n");
    for (RuleHarness h : List.of(perDetection, global)) {
      for (int i = 0; i < 30; i++) {
        h.connect(i * 100, SRC, host(i), 445);
      }
      assertTrue(h.alerts(RULE).isEmpty());
    }
  }

  @Test
  void policyOverrideChangesThresholdTransportsAndSeverity() throws Exception {
    RuleHarness h =
        RuleHarness.withPolicy(
            "detections:\n  port-sweep:\n    min_count: 4\n    transports: [udp]\n"
                + "    severity: medium\n");
    for (int i = 0; i < 10; i++) {
      h.connect(i * 100, SRC, host(i), 161, Transport.TCP);
    }
    assertTrue(h.alerts(RULE).isEmpty(), "TCP is not counted");
    for (int i = 0; i < 4; i++) {
      h.connect(2000 + i * 100, SRC, host(i), 161, Transport.UDP);
    }
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(Severity.MEDIUM, alerts.get(0).severity());
    assertEquals(4, alerts.get(0).evidence().facts().size());
  }
}
