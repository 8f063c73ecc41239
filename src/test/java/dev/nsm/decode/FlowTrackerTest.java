package dev.nsm.decode;

import static dev.nsm.decode.TestPackets.ipv4;
import static dev.nsm.decode.TestPackets.tcp;
import static dev.nsm.decode.TestPackets.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Connection;
import dev.nsm.event.ConnectionOutcome;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;
import dev.nsm.event.Transport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowTrackerTest {

  private static final String CLIENT = "192.0.2.50";
  private static final String SERVER = "203.0.113.10";
  private static final long T0 = 1_700_000_000_000_000L;

  private final List<Fact> facts = new ArrayList<>();
  private final PacketDecoder decoder = new PacketDecoder();
  private final PacketView view = new PacketView();
  private long frame;
  private FlowTracker tracker = new FlowTracker(facts::add);

  private void send(long micros, byte[] ipPacket) {
    assertTrue(decoder.decode(101, ipPacket, 0, ipPacket.length, view));
    view.input = "t.pcap";
    view.frame = ++frame;
    view.micros = micros;
    tracker.onPacket(view);
  }

  private void clientTcp(long micros, int flags, int clientPort, int serverPort) {
    send(micros, ipv4(CLIENT, SERVER, 6, tcp(clientPort, serverPort, flags, 100, 0)));
  }

  private void serverTcp(long micros, int flags, int clientPort, int serverPort) {
    send(micros, ipv4(SERVER, CLIENT, 6, tcp(serverPort, clientPort, flags, 900, 0)));
  }

  private List<String> outcomes() {
    return facts.stream()
        .filter(ConnectionOutcome.class::isInstance)
        .map(f -> (ConnectionOutcome) f)
        .map(
            o ->
                o.dstPort()
                    + " "
                    + o.result().label()
                    + " +"
                    + (o.micros() - o.attemptMicros())
                    + " "
                    + o.origin())
        .toList();
  }

  private long attempts() {
    return facts.stream().filter(Connection.class::isInstance).count();
  }

  @Test
  void synBecomesAnAttemptWithItsFrameAsOrigin() {
    clientTcp(T0, PacketView.SYN, 40000, 4444);
    assertEquals(
        List.of(
            Connection.of(
                T0, CLIENT, 40000, SERVER, 4444, Transport.TCP, Origin.frame("t.pcap", 1))),
        facts);
  }

  @Test
  void serverFinWithoutACapturedSynAckStillAcceptsTheAttemptOnce() {
    // Found by the fuzzer: the FIN closed the pending flow, which then never had an outcome.
    clientTcp(T0, PacketView.SYN, 40000, 110);
    serverTcp(T0 + 1_000, PacketView.FIN | PacketView.ACK, 40000, 110);
    tracker.advanceTo(T0 + 60_000_000);
    tracker.finish();
    assertEquals(1, attempts());
    assertEquals(List.of("110 accepted +1000 t.pcap frame 2"), outcomes());
    assertEquals(1, tracker.stats().accepted());
  }

  @Test
  void retransmittedSynCountsOnce() {
    clientTcp(T0, PacketView.SYN, 40000, 22);
    clientTcp(T0 + 1_000_000, PacketView.SYN, 40000, 22);
    clientTcp(T0 + 3_000_000, PacketView.SYN, 40000, 22);
    assertEquals(1, attempts());
    assertEquals(2, tracker.stats().retransmittedSyns());
  }

  @Test
  void synAckAcceptsAndRstRejectsFromTheOtherSide() {
    clientTcp(T0, PacketView.SYN, 40000, 80);
    clientTcp(T0, PacketView.SYN, 40001, 81);
    serverTcp(T0 + 5, PacketView.SYN | PacketView.ACK, 40000, 80);
    serverTcp(T0 + 7, PacketView.RST | PacketView.ACK, 40001, 81);
    assertEquals(
        List.of("80 accepted +5 t.pcap frame 3", "81 rejected +7 t.pcap frame 4"), outcomes());
  }

  @Test
  void rstFromTheInitiatorIsNotARejection() {
    clientTcp(T0, PacketView.SYN, 40000, 80);
    clientTcp(T0 + 5, PacketView.RST, 40000, 80);
    tracker.finish();
    assertEquals(List.of("80 unanswered +30000000 t.pcap frame 1"), outcomes());
  }

  @Test
  void unansweredAfterTheTimeoutInEventTime() {
    clientTcp(T0, PacketView.SYN, 40000, 23);
    tracker.advanceTo(T0 + 29_999_999);
    assertEquals(List.of(), outcomes());
    tracker.advanceTo(T0 + 30_000_000);
    assertEquals(List.of("23 unanswered +30000000 t.pcap frame 1"), outcomes());
    tracker.finish();
    assertEquals(1, tracker.stats().unanswered());
  }

  @Test
  void connectionWithoutCapturedSynIsNotAnAttempt() {
    serverTcp(T0, PacketView.SYN | PacketView.ACK, 40000, 80);
    clientTcp(T0 + 1, PacketView.ACK, 40000, 80);
    tracker.finish();
    assertEquals(List.of(), facts);
  }

  @Test
  void udpFlowIsAnAttemptAgainOnlyAfterItWasIdle() {
    send(T0, ipv4(CLIENT, SERVER, 17, udp(5000, 53, 4)));
    send(T0 + 10, ipv4(SERVER, CLIENT, 17, udp(53, 5000, 4)));
    send(T0 + 59_000_000, ipv4(CLIENT, SERVER, 17, udp(5000, 53, 4)));
    send(T0 + 200_000_000, ipv4(CLIENT, SERVER, 17, udp(5000, 53, 4)));
    assertEquals(2, attempts());
    assertEquals("53 accepted +10 t.pcap frame 2", outcomes().get(0));
  }

  @Test
  void icmpPortUnreachableQuotingTheAttemptRejectsIt() {
    byte[] probe = ipv4(CLIENT, SERVER, 17, udp(5000, 161, 0));
    send(T0, probe);
    byte[] icmp = new byte[8 + probe.length];
    icmp[0] = 3;
    icmp[1] = 3;
    System.arraycopy(probe, 0, icmp, 8, probe.length);
    send(T0 + 9, ipv4(SERVER, CLIENT, 1, icmp));
    assertEquals(List.of("161 rejected +9 t.pcap frame 2"), outcomes());
  }

  @Test
  void icmpEchoRequestIsNotAnAttempt() {
    byte[] echo = new byte[8];
    echo[0] = 8;
    send(T0, ipv4(CLIENT, SERVER, 1, echo));
    assertEquals(0, attempts());
  }

  @Test
  void announcedConnectionIsCountedNotReported() {
    tracker = new FlowTracker(facts::add, syn -> syn.dstPort == 40006, FlowSettings.DEFAULTS);
    clientTcp(T0, PacketView.SYN, 50000, 40006);
    clientTcp(T0, PacketView.SYN, 50001, 21);
    tracker.finish();
    assertEquals(1, attempts());
    assertEquals(1, tracker.stats().expectedConnections());
    assertEquals(List.of("21 unanswered +30000000 t.pcap frame 2"), outcomes());
  }

  @Test
  void flowTableStaysWithinItsBoundAndCountsEvictions() {
    tracker =
        new FlowTracker(
            facts::add, ExpectedConnections.NONE, new FlowSettings(10, 60_000_000L, 30_000_000L));
    for (int port = 1; port <= 25; port++) {
      clientTcp(T0 + port, PacketView.SYN, 40000, port);
      assertTrue(tracker.activeFlows() <= 10);
    }
    assertEquals(15, tracker.stats().evictions());
    assertEquals(25, attempts());
  }

  @Test
  void attemptsAwaitingAnswerStayWithinTwiceTheTableBoundInAFlood() {
    tracker =
        new FlowTracker(
            facts::add, ExpectedConnections.NONE, new FlowSettings(10, 60_000_000L, 30_000_000L));
    // A thousand attempts within a microsecond each: none times out, so only eviction bounds them.
    for (int port = 1; port <= 1000; port++) {
      clientTcp(T0 + port, PacketView.SYN, 40000, port);
      assertTrue(tracker.awaitingAnswer() <= 20, "awaiting " + tracker.awaitingAnswer());
    }
    tracker.finish();
    assertEquals(990, tracker.stats().evictions());
    assertEquals(990, tracker.stats().evictedBeforeAnswer());
    assertEquals(10, tracker.stats().unanswered(), "the ten still held time out as before");
  }

  @Test
  void idleFlowsLeaveTheTable() {
    clientTcp(T0, PacketView.SYN, 40000, 80);
    serverTcp(T0 + 1, PacketView.SYN | PacketView.ACK, 40000, 80);
    tracker.advanceTo(T0 + 61_000_000);
    assertEquals(0, tracker.activeFlows());
  }
}
