package dev.nsm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WholeLineFileTest {

  @TempDir Path dir;

  @Test
  void aLineThatFillsTheDiskPartWayIsCutBackAndEarlierLinesStayWhole() throws IOException {
    Path path = Files.writeString(dir.resolve("alerts.jsonl"), "{\"earlier\":1}\n");
    try (WholeLineFile file = onFillingDisk(path, 20)) {
      file.write(line("{\"a\":1}"));
      IOException full =
          assertThrows(IOException.class, () -> file.write(line("{\"b\":\"longer than room\"}")));

      assertEquals(path + ": No space left on device", full.getMessage());
      assertEquals(FileSystemException.class, full.getClass());
      assertEquals("{\"earlier\":1}\n{\"a\":1}\n", Files.readString(path));
    }
  }

  @Test
  void afterAFailureEveryWriteFailsWithItAndWritesNothing() throws IOException {
    Path path = dir.resolve("security_monitor.log");
    try (WholeLineFile file = onFillingDisk(path, 4)) {
      IOException first = assertThrows(IOException.class, () -> file.write(line("first")));
      // Room is made again (a file was deleted): the file must still not get a line after a gap.
      IOException later = assertThrows(IOException.class, () -> file.write(line("x")));

      assertSame(first, later);
      assertSame(first, file.failure());
      assertEquals("", Files.readString(path));
    }
  }

  @Test
  void findsTheTornLineAfterTheLastLineBreakAcrossReadBlocks() throws IOException {
    Path path = dir.resolve("alerts.jsonl");
    String torn = "{\"torn\":\"" + "x".repeat(20_000);
    Files.writeString(path, "{\"whole\":1}\n" + torn);
    try (WholeLineFile file = WholeLineFile.open(path)) {
      assertEquals(torn.length(), file.unterminatedTail());
      file.dropTornLine(file.unterminatedTail());
      assertEquals(0, file.unterminatedTail());
    }
    assertEquals("{\"whole\":1}\n", Files.readString(path));
  }

  @Test
  void aFileWithoutAnyLineBreakIsAllTail() throws IOException {
    Path path = Files.writeString(dir.resolve("security_monitor.log"), "2026-11-25 10:52");
    try (WholeLineFile file = WholeLineFile.open(path)) {
      assertEquals(16, file.unterminatedTail());
      file.endTornLine();
      file.write(line("next"));
    }
    assertEquals("2026-11-25 10:52\nnext\n", Files.readString(path));
  }

  @Test
  void anEmptyOrWholeFileHasNoTornLine() throws IOException {
    Path path = dir.resolve("alerts.jsonl");
    try (WholeLineFile file = WholeLineFile.open(path)) {
      assertEquals(0, file.unterminatedTail());
      file.write(line("{}"));
      assertEquals(0, file.unterminatedTail());
    }
  }

  private static WholeLineFile onFillingDisk(Path path, long room) throws IOException {
    FileChannel channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    return new WholeLineFile(path, new FillingChannel(channel, room));
  }

  private static byte[] line(String text) {
    return (text + "\n").getBytes(StandardCharsets.US_ASCII);
  }
}
