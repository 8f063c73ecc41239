package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFileReaderTest {

  @TempDir Path dir;

  /** What the handler saw, one line per packet. */
  private final List<String> seen = new ArrayList<>();

  private final PacketHandler recorder =
      (linkType, micros, data, offset, length, frame) ->
          seen.add(
              frame
                  + " "
                  + linkType
                  + " "
                  + micros
                  + " "
                  + length
                  + " "
                  + Arrays.toString(Arrays.copyOfRange(data, offset, offset + length)));

  static Path capture(String name) {
    return Paths.get("src/test/resources/captures", name);
  }

  private long read(Path file) throws IOException {
    return new CaptureFileReader().read(file, file.getFileName().toString(), recorder);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  @Test
  void readsBothByteOrdersOfMicrosecondPcap() throws IOException {
    for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
      seen.clear();
      byte[] file =
          SyntheticCapture.pcap(101, order, false)
              .packet(1_700_000_000_123_456L, new byte[] {1, 2, 3})
              .bytes();
      assertEquals(1, read(write("o.pcap", file)));
      assertEquals(List.of("1 101 1700000000123456 3 [1, 2, 3]"), seen);
    }
  }

  @Test
  void nanosecondPcapTruncatesToMicroseconds() throws IOException {
    byte[] file =
        SyntheticCapture.pcap(1, ByteOrder.BIG_ENDIAN, true)
            .packet(1_700_000_000_123_456_789L, new byte[] {9})
            .bytes();
    read(write("n.pcap", file));
    assertEquals(List.of("1 1 1700000000123456 1 [9]"), seen);
  }

  @Test
  void pcapngHonoursInterfaceLinkTypeResolutionAndSections() throws IOException {
    byte[] file =
        SyntheticCapture.pcapng(ByteOrder.BIG_ENDIAN)
            .pcapngInterface(113, 9)
            .pcapngInterface(1, -1)
            .unknownBlock(0x0bad, 10)
            .packet(1_700_000_000_123_456_789L, new byte[] {5, 6})
            .section()
            .pcapngInterface(228, -1)
            .packet(1_700_000_001_000_001L, new byte[] {7})
            .bytes();
    assertEquals(2, read(write("s.pcapng", file)));
    assertEquals(List.of("1 113 1700000000123456 2 [5, 6]", "2 228 1700000001000001 1 [7]"), seen);
  }

  @Test
  void littleEndianPcapngIsRead() throws IOException {
    byte[] file =
        SyntheticCapture.pcapng(ByteOrder.LITTLE_ENDIAN)
            .pcapngInterface(101, -1)
            .unknownBlock(0x40000001, 7)
            .packet(42, new byte[] {1, 2, 3, 4, 5})
            .bytes();
    read(write("le.pcapng", file));
    assertEquals(List.of("1 101 42 5 [1, 2, 3, 4, 5]"), seen);
  }

  @Test
  void gzipCaptureIsReadWhateverItsName() throws IOException {
    byte[] plain = SyntheticCapture.pcap(101).packet(7, new byte[] {1}).bytes();
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(plain);
    }
    assertEquals(1, read(write("trace.pcap.gz", zipped.toByteArray())));
    assertEquals(List.of("1 101 7 1 [1]"), seen);
  }

  @Test
  void textFileIsNotACapture() throws IOException {
    Path text = write("notes.pcap", "hello, this is text\n".getBytes());
    CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> read(text));
    assertEquals("notes.pcap: not a pcap or pcapng file", e.getMessage());
  }

  @Test
  void captureCutMidRecordDeliversEarlierPacketsThenNamesFileAndFrame() throws IOException {
    byte[] whole = Files.readAllBytes(capture("scan_syn_top1000.pcap"));
    long packets = read(capture("scan_syn_top1000.pcap"));
    int cut = whole.length - 30;
    seen.clear();
    Path cutFile = write("cut.pcap", Arrays.copyOf(whole, cut));
    CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> read(cutFile));
    assertEquals(packets - 1, seen.size());
    assertTrue(
        e.getMessage()
            .matches(
                "cut\\.pcap: frame "
                    + packets
                    + ": record claims \\d+ bytes but the file ends after \\d+"),
        e.getMessage());
  }

  @Test
  void absurdRecordLengthIsRejectedNotAllocated() throws IOException {
    byte[] file = SyntheticCapture.pcap(1).packet(1, new byte[] {1}).bytes();
    file[24 + 8] = 0; // incl_len little-endian: 0x7f000000
    file[24 + 11] = 0x7f;
    Path bad = write("big.pcap", file);
    CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> read(bad));
    assertTrue(e.getMessage().startsWith("big.pcap: frame 1: record claims 2130706432 bytes"));
  }

  @Test
  void mappedReadsCrossChunkBorders() throws IOException {
    Path file = capture("telnet_bruteforce_nano.pcap");
    long whole = read(file);
    List<String> wholeSeen = new ArrayList<>(seen);
    seen.clear();
    try (CaptureInput in = new MappedCaptureInput(file, 1000)) {
      new CaptureFileReader().read("x", in, recorder);
    }
    assertEquals(wholeSeen, seen);
    assertTrue(whole > 100);
  }

  @Test
  void directoryMeansItsCaptureFilesInRingOrder() throws IOException {
    for (String n : List.of("trace.pcap10", "trace.pcap", "trace.pcap2", "notes.txt", "a.pcapng")) {
      write(n, new byte[0]);
    }
    List<String> names =
        CaptureFiles.expand(List.of(dir)).stream().map(p -> p.getFileName().toString()).toList();
    assertEquals(List.of("a.pcapng", "trace.pcap", "trace.pcap2", "trace.pcap10"), names);
  }

  /** A 54-byte TCP SYN in Ethernet, as a lab capture's first frame looks. */
  private static final byte[] FRAME = new byte[54];

  /** 2026-11-25T09:00:00Z in microseconds. */
  private static final long T0 = 1_795_597_200_000_000L;

  @Test
  void malformedPcapngBlocksAreErrorsNamingFileAndFrame() throws IOException {
    byte[] good =
        SyntheticCapture.pcapng(ByteOrder.LITTLE_ENDIAN)
            .pcapngInterface(1, -1)
            .packet(T0, FRAME)
            .bytes();
    int packetBlock = 28 + 20;
    assertEquals(1, read(write("good.pcapng", good)));
    expectError(
        withInt(good, packetBlock + 4, 75),
        "frame 1: block length 75 is not a multiple of 4 of at least 12");
    expectError(
        withInt(good, packetBlock + 4, 8),
        "frame 1: block length 8 is not a multiple of 4 of at least 12");
    expectError(
        withInt(good, good.length - 4, 99),
        "frame 1: block trailer length 99 differs from its header length 88");
    expectError(
        withInt(good, packetBlock + 20, 5000),
        "frame 1: packet claims 5000 bytes but its block holds 56");
    expectError(
        withInt(good, packetBlock + 8, 3),
        "frame 1: packet on interface 3 which the section does not describe");
    expectError(
        withInt(good, packetBlock + 4, 0x7fff_fff0),
        "frame 1: block claims 2147483632 bytes, more than the 1 MiB limit");
    byte[] hugeUnknown = Arrays.copyOf(good, good.length + 16);
    ByteBuffer.wrap(hugeUnknown, good.length, 8)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(0x0bad)
        .putInt(0x7fff_0000);
    expectError(hugeUnknown, "frame 2: block claims 2147418112 bytes but the file ends after 16");
    expectError(
        SyntheticCapture.pcapng(ByteOrder.LITTLE_ENDIAN).pcapngInterface(1, 99).bytes(),
        "frame 1: if_tsresol 99 is out of range");
    byte[] option = SyntheticCapture.pcapng(ByteOrder.LITTLE_ENDIAN).pcapngInterface(1, 6).bytes();
    expectError(withShort(option, 28 + 16 + 2, 200), "frame 1: interface option 9 runs past");
    expectError(
        withInt(good, 8, 0x01020304), "frame 1: section header has no byte-order magic 1a2b3c4d");
    expectError(withInt(good, 4, 1 << 30), "frame 1: section header length 1073741824 is invalid");
    expectError(
        Arrays.copyOf(good, good.length - 2),
        "frame 1: block claims 88 bytes but the file ends after 86");
    byte[] simpleFirst =
        SyntheticCapture.pcapng(ByteOrder.LITTLE_ENDIAN).unknownBlock(3, 8).bytes();
    expectError(simpleFirst, "frame 1: packet on interface 0 which the section does not describe");
    assertEquals(
        List.of(),
        seen.stream().filter(line -> !line.startsWith("1 1 ")).toList(),
        "only the good frames were delivered");
  }

  @Test
  void pcapngTimestampWithItsTopBitSetIsATimeHeldAtTheYear9999() throws IOException {
    byte[] file =
        SyntheticCapture.pcapng(ByteOrder.BIG_ENDIAN)
            .pcapngInterface(1, 0) // whole seconds: a 64-bit count goes past what a long holds
            .packet(1_795_597_200L, FRAME)
            .packet(-1L, FRAME)
            .packet(1L << 62, FRAME)
            .bytes();
    assertEquals(3, read(write("far.pcapng", file)));
    assertEquals("1 1 1795597200000000 54", seen.get(0).substring(0, 23));
    assertEquals("2 1 253402300799000000 54", seen.get(1).substring(0, 25));
    assertEquals("3 1 253402300799000000 54", seen.get(2).substring(0, 25));
  }

  @Test
  void zeroLengthRecordsAreDeliveredAsEmptyPackets() throws IOException {
    byte[] file = SyntheticCapture.pcap(1).packet(7, new byte[0]).packet(8, FRAME).bytes();
    assertEquals(2, read(write("empty.pcap", file)));
    assertEquals("1 1 7 0 []", seen.get(0));
  }

  @Test
  void corruptOrCutGzipCaptureIsAnErrorNamingFileAndFrame() throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      gzip.write(SyntheticCapture.pcap(1).packet(T0, FRAME).packet(T0 + 1, FRAME).bytes());
    }
    byte[] whole = zipped.toByteArray();
    expectError(
        Arrays.copyOf(whole, whole.length - 12),
        "frame 2: gzip data ends early (Unexpected end of ZLIB input stream)");
    byte[] trailer = whole.clone();
    trailer[trailer.length - 5] ^= 1; // the CRC
    expectError(trailer, "frame 3: gzip data is corrupt (Corrupt GZIP trailer)");
    expectError(
        new byte[] {0x1f, (byte) 0x8b, 7, 0},
        "frame 1: gzip data is corrupt (Unsupported compression method)");
    expectError(new byte[] {0x1f, (byte) 0x8b}, "frame 1: gzip data ends early");
    // The same from a stream (standard input), which is read through the same path.
    CaptureFormatException e =
        assertThrows(
            CaptureFormatException.class,
            () ->
                new CaptureFileReader()
                    .read("-", new java.io.ByteArrayInputStream(trailer), recorder));
    assertEquals("-: frame 3: gzip data is corrupt (Corrupt GZIP trailer)", e.getMessage());
  }

  private void expectError(byte[] file, String message) throws IOException {
    Path path = write("broken", file);
    CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> read(path));
    assertTrue(e.getMessage().startsWith("broken: " + message), e.getMessage());
  }

  private static byte[] withInt(byte[] bytes, int at, int value) {
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
    return copy;
  }

  private static byte[] withShort(byte[] bytes, int at, int value) {
    byte[] copy = bytes.clone();
    ByteBuffer.wrap(copy, at, 2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value);
    return copy;
  }

  @Test
  void recordsClaimingGigabytesAreRefusedWithoutAllocatingThem() throws IOException {
    byte[] classic = SyntheticCapture.pcap(1).packet(T0, FRAME).bytes();
    ByteBuffer.wrap(classic, 24 + 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7fff_fff0);
    byte[] good =
        SyntheticCapture.pcapng(ByteOrder.LITTLE_ENDIAN)
            .pcapngInterface(1, -1)
            .packet(T0, FRAME)
            .bytes();
    byte[] packetBlock = withInt(good, 28 + 20 + 4, 0x7fff_fff0);
    byte[] unknownBlock = Arrays.copyOf(good, good.length + 16);
    ByteBuffer.wrap(unknownBlock, good.length, 8)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(0x0bad)
        .putInt(0xffff_fff0);
    for (byte[] file : List.of(classic, packetBlock, unknownBlock)) {
      Path path = write("claims.pcap", file);
      long allocated =
          Allocation.bytesOf(() -> assertThrows(CaptureFormatException.class, () -> read(path)));
      // The reader's buffer starts at 64 KiB; the claimed 2-4 GiB never come near.
      assertTrue(allocated < 4L << 20, "allocated " + allocated + " bytes");
    }
  }
}
