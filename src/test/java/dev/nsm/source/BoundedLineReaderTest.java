package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

  private static List<BoundedLineReader.Line> lines(String text, int maxChars) throws IOException {
    BoundedLineReader reader = new BoundedLineReader(new StringReader(text), maxChars);
    List<BoundedLineReader.Line> lines = new ArrayList<>();
    for (BoundedLineReader.Line line = reader.next(); line != null; line = reader.next()) {
      lines.add(line);
    }
    return lines;
  }

  @Test
  void splitsOnLfAndCrLfButKeepsALoneCr() throws IOException {
    assertEquals(
        List.of(
            new BoundedLineReader.Line(1, "a", 1),
            new BoundedLineReader.Line(2, "", 0),
            new BoundedLineReader.Line(3, "b\rc", 3),
            new BoundedLineReader.Line(4, "d", 1)),
        lines("a\r\n\nb\rc\nd", 100));
  }

  @Test
  void finalLineBreakDoesNotMakeAnEmptyLine() throws IOException {
    assertEquals(1, lines("a\n", 100).size());
    assertEquals(0, lines("", 100).size());
  }

  @Test
  void lineLongerThanTheLimitIsReportedByLengthAcrossBufferRefills() throws IOException {
    String longLine = "x".repeat(20_000);

    List<BoundedLineReader.Line> lines = lines("ok\n" + longLine + "\r\nafter", 10_000);

    assertEquals("ok", lines.get(0).text());
    assertNull(lines.get(1).text());
    assertEquals(20_000, lines.get(1).length());
    assertEquals(new BoundedLineReader.Line(3, "after", 5), lines.get(2));
  }

  @Test
  void lineOfExactlyTheLimitIsKeptWithOrWithoutCr() throws IOException {
    assertEquals("xxxx", lines("xxxx\r\n", 4).get(0).text());
    assertEquals("xxxx", lines("xxxx", 4).get(0).text());
    assertNull(lines("xxxxx\r\n", 4).get(0).text());
  }

  @Test
  void lineOfSixtyFourMillionCharactersIsReadInBoundedMemory() throws IOException {
    long length = 64L << 20;
    Reader endless =
        new Reader() {
          private long left = length;

          @Override
          public int read(char[] target, int offset, int count) {
            if (left == 0) {
              return -1;
            }
            int n = (int) Math.min(count, left);
            Arrays.fill(target, offset, offset + n, 'x');
            left -= n;
            return n;
          }

          @Override
          public void close() {}
        };
    BoundedLineReader reader = new BoundedLineReader(endless, 1 << 20);
    BoundedLineReader.Line[] line = new BoundedLineReader.Line[1];

    long allocated = Allocation.bytesOf(() -> line[0] = reader.next());

    assertEquals(length, line[0].length());
    assertNull(line[0].text());
    // Stored, the line would take 128 MiB; the reader keeps at most 1 MiB of chars (2 MiB, and
    // the copies made while its buffer grew).
    assertTrue(allocated < 8L << 20, "allocated " + allocated + " bytes");
  }
}
