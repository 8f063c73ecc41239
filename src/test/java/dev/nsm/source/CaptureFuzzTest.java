package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.nsm.decode.TrafficDecoder;
import dev.nsm.event.Fact;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Fuzz target for the capture reader: any bytes, as a pcap, pcapng or gzip file, read both from a
 * memory-mapped file (in tiny chunks, so records cross chunk borders) and from a stream. Saved
 * inputs are the first packets of the lab captures; see docs/fuzzing.md for a real fuzzing run.
 */
class CaptureFuzzTest {

  private static final String NAME = "fuzz.pcap";

  // The one error a broken capture may give: it names the file, and the frame where it can.
  private static final Pattern ERROR = Pattern.compile("fuzz\\.pcap: (frame [1-9]\\d*: )?[^\\n]+");

  private static Path file;

  /**
   * The reader delivers whole packets inside its buffer, numbered from 1, never more bytes than the
   * file holds, and then either returns their count or throws a {@link CaptureFormatException}
   * naming the file and frame; both ways of reading agree; the packets go through nsm's decoder
   * without an exception.
   */
  @FuzzTest(maxDuration = "30s")
  void readsAnyCapture(byte[] input) throws IOException {
    Outcome mapped = readMapped(input);
    Outcome streamed = read(input, false);
    if (!isGzip(input)) {
      // A gzip file is mapped and read as a stream alike; anything else only differs in its input.
      assertEquals(mapped, streamed);
    }
  }

  private static Outcome readMapped(byte[] input) throws IOException {
    // A new file each time: rewriting a file that earlier reads still map (the mappings go only
    // when collected) made each run take milliseconds.
    file = Files.createTempFile("nsm-fuzz", ".pcap");
    try {
      Files.write(file, input);
      if (isGzip(input)) {
        return read(input, true);
      }
      List<String> packets = new ArrayList<>();
      try (CaptureInput in = new MappedCaptureInput(file, 512)) {
        try {
          long count = new CaptureFileReader().read(NAME, in, checking(input, packets));
          return new Outcome(packets, count, null);
        } catch (CaptureFormatException e) {
          return new Outcome(packets, -1, checked(e));
        }
      }
    } finally {
      Files.delete(file);
    }
  }

  private static Outcome read(byte[] input, boolean fromFile) throws IOException {
    List<String> packets = new ArrayList<>();
    CaptureFileReader reader = new CaptureFileReader();
    PacketHandler handler = checking(input, packets);
    try {
      long count =
          fromFile
              ? reader.read(file, NAME, handler)
              : reader.read(NAME, new ByteArrayInputStream(input), handler);
      return new Outcome(packets, count, null);
    } catch (CaptureFormatException e) {
      return new Outcome(packets, -1, checked(e));
    }
  }

  private static String checked(CaptureFormatException e) {
    assertTrue(ERROR.matcher(e.getMessage()).matches(), e.getMessage());
    return e.getMessage();
  }

  /** What a read delivered and how it ended. */
  private record Outcome(List<String> packets, long count, String error) {
    Outcome {
      assertTrue(error != null || count == packets.size(), "count differs from packets delivered");
    }
  }

  private static PacketHandler checking(byte[] input, List<String> packets) {
    TrafficDecoder traffic = TrafficDecoder.standard((Fact f) -> {});
    // A gzip stream may expand: what it delivers is bounded by the record limit, not the input.
    long maxBytes = isGzip(input) ? Long.MAX_VALUE : input.length;
    long[] delivered = {0};
    return (linkType, micros, data, offset, length, frame) -> {
      assertEquals(packets.size() + 1, frame, "frames are numbered from 1 without gaps");
      assertTrue(offset >= 0 && length >= 0 && offset + length <= data.length, "outside buffer");
      assertTrue(length <= RecordBuffer.MAX_RECORD_BYTES, "record beyond the 1 MiB limit");
      delivered[0] += length;
      assertTrue(delivered[0] <= maxBytes, "more packet bytes than the file holds");
      packets.add(
          linkType
              + " "
              + micros
              + " "
              + Arrays.hashCode(Arrays.copyOfRange(data, offset, offset + length)));
      traffic.onPacket(NAME, frame, linkType, micros, data, offset, length);
    };
  }

  private static boolean isGzip(byte[] input) {
    return input.length >= 2 && (input[0] & 0xff) == 0x1f && (input[1] & 0xff) == 0x8b;
  }
}
