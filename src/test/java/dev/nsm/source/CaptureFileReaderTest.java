package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
}
