package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.decode.PacketView;
import dev.nsm.decode.TestPackets;
import dev.nsm.event.Connection;
import dev.nsm.event.ConnectionOutcome;
import dev.nsm.event.ConnectionOutcome.Result;
import dev.nsm.event.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real lab captures against the ground truth in src/test/resources/MANIFEST.md. */
class PcapFileSourceTest {

  @TempDir Path dir;

  private final RecordingSink sink = new RecordingSink();

  private PcapFileSource read(Path... files) throws IOException {
    PcapFileSource source = new PcapFileSource(List.of(files));
    source.readInto(sink);
    return source;
  }

  private List<Connection> tcpAttemptsFrom(String src) {
    return sink.facts.stream()
        .filter(Connection.class::isInstance)
        .map(f -> (Connection) f)
        .filter(c -> c.srcIp().equals(src) && c.transport() == Transport.TCP)
        .toList();
  }

  private List<ConnectionOutcome> outcomes() {
    return sink.facts.stream()
        .filter(ConnectionOutcome.class::isInstance)
        .map(f -> (ConnectionOutcome) f)
        .toList();
  }

  @Test
  void synScanGivesOneAttemptPerPortMostlyRejected() throws IOException {
    read(CaptureFileReaderTest.capture("scan_syn_top1000.pcap"));
    List<Connection> probes = tcpAttemptsFrom("198.51.100.23");
    // MANIFEST: 1,000 SYNs to 1,000 distinct ports; open ports 21 22 53 80 443 4444 31337.
    assertEquals(1000, probes.size());
    assertEquals(1000, probes.stream().map(Connection::dstPort).distinct().count());
    Set<Integer> accepted =
        outcomes().stream()
            .filter(o -> o.result() == Result.ACCEPTED)
            .map(ConnectionOutcome::dstPort)
            .collect(Collectors.toSet());
    assertEquals(Set.of(21, 22, 53, 80, 443, 4444, 31337), accepted);
    long rejected = outcomes().stream().filter(o -> o.result() == Result.REJECTED).count();
    assertEquals(1000 - accepted.size(), rejected);
  }

  @Test
  void synFloodGivesTwoThousandAttemptsAllAnswered() throws IOException {
    PcapFileSource source = read(CaptureFileReaderTest.capture("syn_flood.pcap"));
    List<Connection> syns = tcpAttemptsFrom("198.51.100.77");
    assertEquals(2000, syns.size());
    assertTrue(syns.stream().allMatch(c -> c.dstPort() == 80));
    assertEquals(2000, source.flowStats().accepted());
    // MANIFEST: 6,002 packets, all Ethernet, none malformed.
    assertEquals(6002, source.decodeStats().packets());
    assertEquals(Map.of(1, 6002L), source.decodeStats().packetsPerLinkType());
    assertEquals(0, source.decodeStats().malformedTotal());
    assertEquals(
        Files.size(CaptureFileReaderTest.capture("syn_flood.pcap")),
        24 + 16 * 6002 + source.decodeStats().bytes());
  }

  @Test
  void aDashReadsTheCaptureFromStandardInput() throws IOException {
    java.io.InputStream saved = System.in;
    try (java.io.InputStream in =
        Files.newInputStream(CaptureFileReaderTest.capture("unusual_ports.pcapng"))) {
      System.setIn(in);
      read(Path.of("-"));
    } finally {
      System.setIn(saved);
    }
    assertEquals(
        List.of(4444, 4444, 4444, 6667, 31337, 31337),
        sink.facts.stream()
            .filter(Connection.class::isInstance)
            .map(f -> (Connection) f)
            .filter(c -> c.srcIp().equals("198.51.100.77"))
            .map(Connection::dstPort)
            .sorted()
            .toList());
  }

  @Test
  void benignCaptureHasAttemptsOnlyFromTheBenignClients() throws IOException {
    PcapFileSource source = read(CaptureFileReaderTest.capture("benign.pcap"));
    assertTrue(
        sink.facts.stream()
            .filter(Connection.class::isInstance)
            .allMatch(f -> ((Connection) f).srcIp().startsWith("192.0.2.")));
    // MANIFEST: 13, 16 and 13 SYNs; two of .51's are passive FTP data connections, announced on
    // the control channel, which the standard decoder does not count as attempts.
    assertEquals(13, tcpAttemptsFrom("192.0.2.50").size());
    assertEquals(14, tcpAttemptsFrom("192.0.2.51").size());
    assertEquals(13, tcpAttemptsFrom("192.0.2.52").size());
    assertEquals(2, source.flowStats().expectedConnections());
  }

  @Test
  void pcapngUnusualPortsAreSeenWithTheRefusalOn6667() throws IOException {
    read(CaptureFileReaderTest.capture("unusual_ports.pcapng"));
    Map<Integer, Long> perPort =
        new TreeMap<>(
            tcpAttemptsFrom("198.51.100.77").stream()
                .collect(Collectors.groupingBy(Connection::dstPort, Collectors.counting())));
    assertEquals(Map.of(4444, 3L, 31337, 2L, 6667, 1L), perPort);
    List<Result> on6667 =
        outcomes().stream()
            .filter(o -> o.dstPort() == 6667)
            .map(ConnectionOutcome::result)
            .toList();
    assertEquals(List.of(Result.REJECTED), on6667);
  }

  @Test
  void nanosecondCaptureKeepsTimestampsToTheMicrosecond() throws IOException {
    long[] first = {-1};
    new CaptureFileReader()
        .read(
            CaptureFileReaderTest.capture("telnet_bruteforce_nano.pcap"),
            "nano",
            (linkType, micros, data, offset, length, frame) -> {
              if (first[0] < 0) {
                first[0] = micros;
              }
            });
    Instant expected = Instant.parse("2026-11-25T09:39:52.192902Z"); // MANIFEST: .192902419
    assertEquals(expected.getEpochSecond() * 1_000_000 + expected.getNano() / 1000, first[0]);
  }

  @Test
  void truncatedCaptureDeliversFactsBeforeTheCutThenFails() throws IOException {
    byte[] whole = Files.readAllBytes(CaptureFileReaderTest.capture("syn_flood.pcap"));
    Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 5));
    CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> read(cut));
    assertTrue(e.getMessage().startsWith(cut + ": frame 6002: record claims "), e.getMessage());
    assertTrue(tcpAttemptsFrom("198.51.100.77").size() >= 1999);
  }

  @Test
  void ringOfFilesIsOneStreamSoAnAnswerInTheNextFileCounts() throws IOException {
    byte[] syn =
        TestPackets.ipv4("10.0.0.1", "10.0.0.2", 6, TestPackets.tcp(1, 8080, PacketView.SYN, 1, 0));
    byte[] synAck =
        TestPackets.ipv4(
            "10.0.0.2",
            "10.0.0.1",
            6,
            TestPackets.tcp(8080, 1, PacketView.SYN | PacketView.ACK, 1, 0));
    Files.write(dir.resolve("ring.pcap"), SyntheticCapture.pcap(101).packet(10, syn).bytes());
    Files.write(
        dir.resolve("ring.pcap1"),
        SyntheticCapture.pcap(113).packet(20, TestPackets.sll(synAck)).bytes());
    PcapFileSource source = read(dir);
    assertEquals(1, source.flowStats().attempts());
    assertEquals(
        List.of(Result.ACCEPTED), outcomes().stream().map(ConnectionOutcome::result).toList());
    assertEquals(dir.resolve("ring.pcap1") + " frame 1", outcomes().get(0).origin().toString());
    assertEquals(Map.of(101, 1L, 113, 1L), source.decodeStats().packetsPerLinkType());
  }

  @Test
  void nameJoinsTheInputs() {
    assertEquals(
        "a.pcap,ring", new PcapFileSource(List.of(Path.of("a.pcap"), Path.of("ring"))).name());
  }
}
