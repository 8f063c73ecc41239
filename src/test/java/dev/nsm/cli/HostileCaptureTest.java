package dev.nsm.cli;

import static dev.nsm.decode.TestPackets.ethernet;
import static dev.nsm.decode.TestPackets.ipv4;
import static dev.nsm.decode.TestPackets.ipv6;
import static dev.nsm.decode.TestPackets.tcp;
import static dev.nsm.decode.TestPackets.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.decode.PacketView;
import dev.nsm.source.SyntheticCapture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted broken captures through {@code nsm run --pcap}: each gives either a counted anomaly in
 * the input summary (exit 0) or one clear error line naming the file and frame (exit 2), never a
 * stack trace. The timeouts only guard against a hang; they are far above what a run takes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileCaptureTest {

  /** 2026-11-25T09:00:00Z in microseconds. */
  private static final long T0 = 1_795_597_200_000_000L;

  private static final long SECOND = 1_000_000L;

  private static final byte[] SYN =
      ethernet(ipv4("198.51.100.7", "203.0.113.10", 6, tcp(40000, 22, PacketView.SYN, 1, 0)));

  @TempDir Path dir;

  @Test
  void recordLongerThanTheFileIsAnErrorNamingTheFrameAfterTheGoodPackets() throws IOException {
    byte[] file = SyntheticCapture.pcap(1).packet(T0, SYN).packet(T0 + 1, SYN).bytes();
    // The second record claims 70,000 bytes (allowed by the limit) but the file ends first.
    ByteBuffer.wrap(file, 24 + 16 + SYN.length + 8, 4)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(70_000);

    Cli.Result result = run(write("long.pcap", file));

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertError(result, "long.pcap: frame 2: record claims 70000 bytes but the file ends after 54");
    assertTrue(result.err().contains("long.pcap: 1 packets"), "the first packet still counts");
  }

  @Test
  void recordClaimingTwoGigabytesIsRefusedBeforeAnythingIsAllocated() throws IOException {
    byte[] file = SyntheticCapture.pcap(1).packet(T0, SYN).bytes();
    ByteBuffer.wrap(file, 24 + 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7fff_fff0);

    Cli.Result result = run(write("huge.pcap", file));

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertError(
        result,
        "huge.pcap: frame 1: record claims 2147483632 bytes, more than the limit of 262144"
            + " (snap length 262144)");
  }

  @Test
  void recordLongerThanTheSnapLengthIsReadWholeAsLibpcapDoes() throws IOException {
    byte[] file = SyntheticCapture.pcap(1).packet(T0, SYN).bytes();
    // Snap length 20, far below the 54-byte record: libpcap reads such records up to 256 KiB.
    ByteBuffer.wrap(file, 16, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(20);

    Cli.Result result = run(write("snap.pcap", file));

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertTrue(
        result.err().contains("snap.pcap: 1 packets, 0 malformed, 1 connection"), result.err());
  }

  @Test
  void zeroLengthRecordsAreCountedAsMalformedPackets() throws IOException {
    byte[] file =
        SyntheticCapture.pcap(1)
            .packet(T0, new byte[0])
            .packet(T0 + 1, new byte[0])
            .packet(T0 + 2, SYN)
            .bytes();
    byte[] pcapng =
        SyntheticCapture.pcapng(ByteOrder.LITTLE_ENDIAN)
            .pcapngInterface(1, -1)
            .packet(T0, new byte[0])
            .packet(T0 + 1, SYN)
            .bytes();

    Cli.Result classic = run(write("empty.pcap", file));
    Cli.Result next = run(write("empty.pcapng", pcapng));

    assertEquals(ExitCode.OK, classic.exitCode(), classic::toString);
    assertSummary(classic, "empty.pcap: 3 packets, 2 malformed (2 ethernet header cut short)");
    assertEquals(ExitCode.OK, next.exitCode(), next::toString);
    assertSummary(next, "empty.pcapng: 2 packets, 1 malformed (1 ethernet header cut short)");
  }

  @Test
  void timestampsGoingBackwardsOrFarAheadAreCountedAndEveryPacketStillDecoded() throws IOException {
    byte[] file =
        SyntheticCapture.pcap(1)
            .packet(T0, SYN)
            .packet(T0 - 5 * SECOND, synFrom(40001))
            .packet(T0 + 3 * 86_400 * SECOND, synFrom(40002))
            .packet(T0 + SECOND, synFrom(40003))
            .bytes();

    Cli.Result result = run(write("clock.pcap", file));

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertSummary(
        result,
        "clock.pcap: 4 packets, 0 malformed, 2 timestamps going backwards, 1 timestamps jumping"
            + " over a day ahead, 4 connection attempts");
  }

  @Test
  void pcapngTimestampBeyondTheYear9999IsHeldThereAndCountedAsAJump() throws IOException {
    byte[] file =
        SyntheticCapture.pcapng(ByteOrder.LITTLE_ENDIAN)
            .pcapngInterface(1, 0) // if_tsresol 0: whole seconds
            .packet(T0 / SECOND, SYN)
            .packet(-1L, synFrom(40001)) // 2^64 - 1 seconds
            .bytes();

    Cli.Result result = run(write("far.pcapng", file));

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertSummary(
        result, "far.pcapng: 2 packets, 0 malformed, 1 timestamps jumping over a day ahead");
  }

  @Test
  void pcapngUnknownBlocksAreSkippedAndThePacketsAroundThemRead() throws IOException {
    byte[] file =
        SyntheticCapture.pcapng(ByteOrder.BIG_ENDIAN)
            .unknownBlock(0x0bad, 13)
            .pcapngInterface(1, -1)
            .unknownBlock(0x8000_0001, 0)
            .packet(T0, SYN)
            .unknownBlock(5, 40) // an interface statistics block: not needed, skipped
            .packet(T0 + 1, synFrom(40001))
            .bytes();

    Cli.Result result = run(write("unknown.pcapng", file));

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertSummary(result, "unknown.pcapng: 2 packets, 0 malformed, 2 connection attempts");
  }

  @Test
  void malformedPcapngBlockIsAnErrorNamingFileAndFrame() throws IOException {
    // Every kind of broken block is checked in CaptureFileReaderTest; here the exit code and line.
    byte[] good =
        SyntheticCapture.pcapng(ByteOrder.LITTLE_ENDIAN)
            .pcapngInterface(1, -1)
            .packet(T0, SYN)
            .bytes();
    expectError(
        "trailer.pcapng",
        withInt(good, good.length - 4, 99),
        "frame 1: block trailer length 99 differs from its header length 88");
  }

  @Test
  void ipv4HeaderLengthBelowTwentyIsCountedAsMalformed() throws IOException {
    byte[] shortIhl = SYN.clone();
    shortIhl[14] = 0x44; // IHL 4: 16 bytes
    byte[] zeroIhl = SYN.clone();
    zeroIhl[14] = 0x40;

    Cli.Result result = run(capture("ihl.pcap", shortIhl, zeroIhl, SYN));

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertSummary(
        result,
        "ihl.pcap: 3 packets, 2 malformed (2 ipv4 header length below 20), 1 connection attempts");
  }

  @Test
  void ipv6ExtensionHeaderLoopIsCutAfterEightHeaders() throws IOException {
    // Hop-by-hop options naming hop-by-hop options as the next header, over and over.
    byte[] loop = ethernet(ipv6("2001:db8::7", "2001:db8::1", 6, tcp(1, 22, 2, 1, 0), new int[40]));

    Cli.Result result = run(capture("loop.pcap", loop));

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertSummary(
        result, "loop.pcap: 1 packets, 1 malformed (1 more than 8 ipv6 extension headers)");
  }

  @Test
  void tcpDataOffsetPastThePacketIsCountedAsMalformed() throws IOException {
    byte[] past = SYN.clone();
    past[14 + 20 + 12] = (byte) 0xf0; // 60-byte TCP header in a 20-byte segment
    byte[] udpShort =
        Arrays.copyOf(ethernet(ipv4("198.51.100.7", "203.0.113.10", 17, udp(1, 53, 0))), 38);

    Cli.Result result = run(capture("offset.pcap", past, udpShort));

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertSummary(
        result,
        "offset.pcap: 2 packets, 2 malformed (1 tcp data offset past the packet, 1 udp header cut"
            + " short), 0 connection attempts");
  }

  @Test
  void corruptGzipCaptureIsAnErrorNamingFileAndFrame() throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      gzip.write(SyntheticCapture.pcap(1).packet(T0, SYN).packet(T0 + 1, SYN).bytes());
    }
    byte[] trailer = zipped.toByteArray();
    trailer[trailer.length - 5] ^= 1; // the CRC
    expectError("crc.pcap.gz", trailer, "frame 3: gzip data is corrupt (Corrupt GZIP trailer)");
  }

  private void expectError(String name, byte[] file, String message) throws IOException {
    Cli.Result result = run(write(name, file));
    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(
        result.err().contains("nsm run: error: " + dir.resolve(name) + ": "), result.toString());
    assertTrue(result.err().contains(message), result.toString());
    assertNoStackTrace(result);
  }

  private static void assertError(Cli.Result result, String message) {
    assertTrue(result.err().contains("nsm run: error: "), result.toString());
    assertTrue(result.err().contains(message), result.toString());
    assertNoStackTrace(result);
  }

  private static void assertSummary(Cli.Result result, String summary) {
    assertTrue(result.err().contains(summary), result.toString());
    assertTrue(result.out().contains(summary), "the report lists the inputs too:\n" + result);
    assertNoStackTrace(result);
  }

  private static void assertNoStackTrace(Cli.Result result) {
    String all = result.out() + result.err();
    assertFalse(all.contains("Exception"), result.toString());
    assertFalse(all.contains("\tat "), result.toString());
    assertFalse(all.contains("internal error"), result.toString());
  }

  private static byte[] synFrom(int port) {
    return ethernet(
        ipv4("198.51.100.7", "203.0.113.10", 6, tcp(port, 22, PacketView.SYN, port, 0)));
  }

  private static byte[] withInt(byte[] bytes, int at, int value) {
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
    return copy;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private Path capture(String name, byte[]... packets) throws IOException {
    SyntheticCapture capture = SyntheticCapture.pcap(1);
    for (int i = 0; i < packets.length; i++) {
      capture.packet(T0 + i * SECOND, packets[i]);
    }
    return write(name, capture.bytes());
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private Cli.Result run(Path... captures) {
    String[] args = new String[captures.length * 2 + 5];
    int i = 0;
    args[i++] = "run";
    for (Path capture : captures) {
      args[i++] = "--pcap";
      args[i++] = capture.toString();
    }
    args[i++] = "--log";
    args[i++] = dir.resolve("security_monitor.log").toString();
    args[i++] = "--alerts";
    args[i] = dir.resolve("alerts.jsonl").toString();
    return Cli.run(args);
  }
}
