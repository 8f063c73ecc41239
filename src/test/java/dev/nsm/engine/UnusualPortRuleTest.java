package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Alert;
import dev.nsm.event.Connection;
import dev.nsm.event.Evidence;
import dev.nsm.event.Severity;
import dev.nsm.event.Transport;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnusualPortRuleTest {

  private static final String RULE = "unusual-port";
  private static final String SRC = "198.51.100.7";
  private static final String OTHER = "198.51.100.8";
  private static final String DST = "203.0.113.10";
  private static final String STRICTER =
      "detections:\n  unusual-port:\n    min_count: 3\n    window: 10s\n";

  @Test
  void firesOnFirstConnectionToANonStandardPort() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    Connection c = h.connect(100, SRC, 51234, DST, 4444, Transport.TCP);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    Alert alert = alerts.get(0);
    assertEquals(100, RuleHarness.at(alert));
    assertEquals(Severity.LOW, alert.severity());
    assertEquals(SRC, alert.source());
    assertEquals(51234, alert.srcPort());
    assertEquals(DST, alert.dstIp());
    assertEquals(4444, alert.dstPort());
    assertEquals("connection attempts to unusual ports [4444]", alert.message());
    Evidence e = alert.evidence();
    assertEquals(1, e.count());
    assertEquals(1, e.threshold());
    assertEquals(c.micros(), e.windowEndMicros());
    assertEquals((c.timestamp() - 60_000L) * 1000 + 999, e.windowStartMicros());
    assertEquals(List.of(c), e.facts());
    assertEquals(0, e.omitted());
  }

  @Test
  void standardPortsOfEachTransportDoNotFire() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    int t = 0;
    for (int port : new int[] {20, 21, 22, 23, 25, 53, 80, 110, 143, 443, 465, 587, 993, 995}) {
      h.connect(t += 10_000, SRC, DST, port, Transport.TCP);
    }
    for (int port : new int[] {53, 67, 68, 123}) {
      h.connect(t += 10_000, SRC, DST, port, Transport.UDP);
    }
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void standardPortListsArePerTransport() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    h.connect(0, SRC, DST, 123, Transport.TCP); // ntp is standard over UDP only
    h.connect(10, OTHER, DST, 443, Transport.UDP); // https is standard over TCP only
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(2, alerts.size());
    assertEquals(List.of(123, 443), alerts.stream().map(Alert::dstPort).toList());
  }

  @Test
  void icmpIsNotCountedByDefault() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    h.connect(0, SRC, DST, 0, Transport.ICMP);
    assertTrue(h.alerts(RULE).isEmpty());
  }

  @Test
  void aFullPortScanGivesExactlyOneAlertAndCountsTheRestAsRepeats() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    for (int i = 0; i < 2000; i++) {
      h.connect(i, SRC, DST, 10_000 + i, Transport.TCP); // 2000 distinct ports in 2 s
    }
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(0, RuleHarness.at(alerts.get(0)));
    assertEquals("connection attempts to unusual ports [10000]", alerts.get(0).message());
    assertEquals(1999, h.suppressedCount(RULE));
  }

  @Test
  void withAHigherThresholdTheAlertListsEveryPortCounted() throws Exception {
    RuleHarness h = RuleHarness.withPolicy(STRICTER);
    h.connect(0, SRC, DST, 4444);
    h.connect(1000, SRC, DST, 31337);
    assertTrue(h.alerts(RULE).isEmpty(), "two of three");
    h.connect(2000, SRC, DST, 6667);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(2000, RuleHarness.at(alerts.get(0)));
    assertEquals(3, alerts.get(0).evidence().count());
    assertEquals(3, alerts.get(0).evidence().threshold());
    assertEquals(
        List.of(4444, 31337, 6667),
        alerts.get(0).evidence().facts().stream().map(f -> ((Connection) f).dstPort()).toList());
    assertEquals(
        "connection attempts to unusual ports [4444, 6667, 31337]", alerts.get(0).message());
    h.connect(3000, SRC, DST, 8081);
    assertEquals(1, h.alerts(RULE).size(), "a fourth is a repeat, not a second alert");
    assertEquals(1, h.suppressedCount(RULE));
  }

  @Test
  void windowIsHalfOpenSoAConnectionExactlyOneWindowOldNoLongerCounts() throws Exception {
    RuleHarness h = RuleHarness.withPolicy(STRICTER);
    h.connect(0, SRC, DST, 4444);
    h.connect(5000, SRC, DST, 4445);
    h.connect(10_000, SRC, DST, 4446); // the first is exactly 10 s old
    assertTrue(h.alerts(RULE).isEmpty());
    h.connect(10_000, SRC, DST, 4447);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(List.of(4445, 4446, 4447), ports(alerts.get(0)));
  }

  @Test
  void twoInterleavedSourcesAreCountedSeparately() throws Exception {
    RuleHarness h = RuleHarness.withPolicy(STRICTER);
    for (int i = 0; i < 4; i++) {
      h.connect(i * 100, i % 2 == 0 ? SRC : OTHER, DST, 5000 + i);
    }
    assertTrue(h.alerts(RULE).isEmpty(), "two each");
    h.connect(500, OTHER, DST, 6000);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(OTHER, alerts.get(0).source());
    assertEquals(List.of(5001, 5003, 6000), ports(alerts.get(0)));
  }

  @Test
  void evidenceKeepsTheEarliestFactsAndTheCrossingOneUpToTheCap() throws Exception {
    RuleHarness h = RuleHarness.withPolicy("detections:\n  unusual-port:\n    min_count: 25\n");
    Connection last = null;
    for (int i = 0; i < 25; i++) {
      last = h.connect(i * 100, SRC, DST, 7000 + i);
    }
    Evidence e = h.alerts(RULE).get(0).evidence();
    assertEquals(25, e.count());
    assertEquals(AlertRaiser.EVIDENCE_CAP, e.facts().size());
    assertEquals(AlertRaiser.EVIDENCE_CAP, e.cap());
    assertEquals(5, e.omitted());
    assertEquals(7000, ((Connection) e.facts().get(0)).dstPort());
    assertEquals(7018, ((Connection) e.facts().get(18)).dstPort());
    assertSame(last, e.facts().get(19), "the crossing fact is always listed");
  }

  @Test
  void suppressesRepeatsForTenMinutesAndCarriesThemOnTheNextAlert() throws Exception {
    RuleHarness h = RuleHarness.withPolicy();
    h.connect(0, SRC, DST, 4444);
    h.connect(1000, SRC, DST, 5555);
    h.connect(599_999, SRC, DST, 6666); // still inside [0, 10 min)
    h.connect(599_999, OTHER, DST, 6666); // another source is not suppressed
    assertEquals(2, h.alerts(RULE).size());
    assertEquals(2, h.suppressedCount(RULE));
    h.connect(600_000, SRC, DST, 7777);
    List<Alert> alerts = h.alerts(RULE).stream().filter(a -> a.source().equals(SRC)).toList();
    assertEquals(2, alerts.size());
    assertEquals(0, alerts.get(0).suppressed());
    assertEquals(2, alerts.get(1).suppressed());
    assertEquals(600_000, RuleHarness.at(alerts.get(1)));
  }

  @Test
  void detectionAllowListSilencesOnlyThisDetection() throws Exception {
    RuleHarness h =
        RuleHarness.withPolicy("detections:\n  unusual-port:\n    allow: [198.51.100.0/24]\n");
    for (int i = 0; i < 6; i++) {
      h.connect(i * 100, SRC, DST, 4444 + i);
    }
    h.connect(700, "192.0.2.1", DST, 4444);
    assertEquals(List.of("192.0.2.1"), h.alerts(RULE).stream().map(Alert::source).toList());
    assertEquals(1, h.alerts("high-frequency").size(), "other detections still see the source");
  }

  @Test
  void globalAllowListSilencesEveryDetection() throws Exception {
    RuleHarness h = RuleHarness.withPolicy("allow: [198.51.100.7]\n");
    for (int i = 0; i < 30; i++) {
      h.connect(i * 10, SRC, DST, 4444 + i);
    }
    h.flush();
    assertTrue(h.alerts.isEmpty());
    assertNull(
        h.session.insert(
            Connection.of(
                (RuleHarness.BASE_MILLIS + 400) * 1000L,
                SRC,
                1,
                DST,
                4444,
                Transport.TCP,
                dev.nsm.event.Origin.call(1))));
  }

  @Test
  void homeNetworksLimitTheDetectionToOwnDestinations() throws Exception {
    RuleHarness h = RuleHarness.withPolicy("home_networks: [203.0.113.0/24]\n");
    h.connect(0, SRC, "192.0.2.80", 4444); // outbound: not ours
    assertTrue(h.alerts(RULE).isEmpty());
    h.connect(100, SRC, DST, 4444);
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(1, alerts.get(0).evidence().count(), "the outbound attempt is not counted");
  }

  @Test
  void standardPortsOverrideReplacesTheListOfItsTransport() throws Exception {
    RuleHarness h = RuleHarness.withPolicy("standard_ports:\n  tcp: [4444, 8000-8080]\n");
    h.connect(0, SRC, DST, 4444);
    h.connect(10, SRC, DST, 8080);
    h.connect(20, SRC, DST, 53, Transport.UDP);
    assertTrue(h.alerts(RULE).isEmpty());
    h.connect(30, SRC, DST, 22); // no longer listed
    List<Alert> alerts = h.alerts(RULE);
    assertEquals(1, alerts.size());
    assertEquals(22, alerts.get(0).dstPort());
  }

  @Test
  void transportsOverrideChoosesWhatCounts() throws Exception {
    RuleHarness h = RuleHarness.withPolicy("detections:\n  unusual-port:\n    transports: [udp]\n");
    h.connect(0, SRC, DST, 4444, Transport.TCP);
    assertTrue(h.alerts(RULE).isEmpty());
    h.connect(10, SRC, DST, 4444, Transport.UDP);
    assertEquals(1, h.alerts(RULE).size());
  }

  @Test
  void severityOverrideAndDisablingComeFromThePolicy() throws Exception {
    RuleHarness high = RuleHarness.withPolicy("detections:\n  unusual-port:\n    severity: high\n");
    high.connect(0, SRC, DST, 4444);
    assertEquals(Severity.HIGH, high.alerts(RULE).get(0).severity());
    RuleHarness off = RuleHarness.withPolicy("detections:\n  unusual-port:\n    enabled: false\n");
    off.connect(0, SRC, DST, 4444);
    assertTrue(off.alerts(RULE).isEmpty());
  }

  private static List<Integer> ports(Alert alert) {
    return alert.evidence().facts().stream().map(f -> ((Connection) f).dstPort()).toList();
  }
}
