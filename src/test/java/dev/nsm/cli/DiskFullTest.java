package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outputs on a file system that fills up or cannot be written, for real: a small tmpfs. */
class DiskFullTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LOG_LINE =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d - (INFO|WARN|ERROR|DEBUG) - .*");
  private static final int ALERTS = 60;

  @TempDir Path dir;
  private Path small;
  private Tmpfs tmpfs;
  private Path events;

  @BeforeEach
  void inputs() throws IOException {
    small = Files.createDirectory(dir.resolve("small"));
    events = Files.writeString(dir.resolve("events.jsonl"), Bursts.events(ALERTS));
  }

  @AfterEach
  void unmount() {
    if (tmpfs != null) {
      tmpfs.close();
    }
  }

  @Test
  void alertsFillingTheDiskFailLoudlyKeepEveryLineWholeAndARerunCompletesThem() throws IOException {
    mount("size=64k");
    Path alerts = small.resolve("alerts.jsonl");
    Path log = dir.resolve("security_monitor.log");

    Cli.Result full = run(log, alerts);

    assertEquals(ExitCode.OUTPUT_FAILED, full.exitCode(), full::toString);
    assertTrue(
        full.err()
            .contains(
                "nsm run: error: cannot write "
                    + alerts
                    + ": No space left on device; it keeps every line written before, whole, and"
                    + " gets no more; the run goes on and the report lists every alert\n"),
        full::toString);
    assertTrue(full.out().matches("(?s).*\\nAlerts\\s+" + ALERTS + "\\n.*"), full::toString);
    List<String> written = idsOfWholeLines(alerts);
    assertTrue(written.size() > 0 && written.size() < ALERTS, written::toString);
    assertTrue(
        Files.readString(log).contains("ERROR - cannot write " + alerts + ": No space left"),
        "the log, on another disk, records that the alerts file failed");

    tmpfs.remount("size=1m");
    Cli.Result rerun = run(log, alerts);

    assertEquals(ExitCode.OK, rerun.exitCode(), rerun::toString);
    List<String> all = idsOfWholeLines(alerts);
    assertEquals(ALERTS, all.size(), all::toString);
    assertEquals(ALERTS, new HashSet<>(all).size(), "no alert twice");
    assertEquals(written, all.subList(0, written.size()), "what was written stayed as it was");
  }

  @Test
  void aLogFillingTheDiskKeepsOnlyWholeLinesAndTheRunStillReports() throws IOException {
    mount("size=8k");
    Path log = small.resolve("security_monitor.log");
    Path alerts = dir.resolve("alerts.jsonl");

    Cli.Result full = run(log, alerts);

    assertEquals(ExitCode.OUTPUT_FAILED, full.exitCode(), full::toString);
    assertTrue(
        full.err().contains("nsm run: error: cannot write " + log + ": No space left on device"),
        full::toString);
    assertTrue(full.out().matches("(?s).*\\nAlerts\\s+" + ALERTS + "\\n.*"), full::toString);
    String content = Files.readString(log);
    assertTrue(content.endsWith("\n"), "no torn last line");
    for (String line : content.split("\n")) {
      assertTrue(LOG_LINE.matcher(line).matches(), line);
    }
    assertEquals(ALERTS, idsOfWholeLines(alerts).size(), "the alerts file, elsewhere, is whole");
  }

  @Test
  void aDiskWithNoSpaceLeftIsAnErrorAtStartUp() throws IOException {
    mount("size=16k");
    try (OutputStream filler = Files.newOutputStream(small.resolve("filler"))) {
      filler.write(new byte[16 * 1024]);
    } catch (IOException full) {
      // that is the point
    }
    Path alerts = small.resolve("alerts.jsonl");

    Cli.Result result = run(dir.resolve("security_monitor.log"), alerts);

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertEquals(
        "nsm run: error: cannot write " + alerts + ": no space left on the device\n", result.err());
    assertEquals("", result.out());
  }

  @Test
  void aReadOnlyFileSystemIsAnErrorAtStartUp() {
    mount("size=16k,ro");
    Path log = small.resolve("security_monitor.log");

    Cli.Result result = run(log, dir.resolve("alerts.jsonl"));

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertEquals("nsm run: error: cannot write " + log + ": Read-only file system\n", result.err());
  }

  private void mount(String options) {
    tmpfs = Tmpfs.mount(small, options);
    assumeTrue(tmpfs != null, "mounting a tmpfs needs root; the fault-injecting unit tests remain");
  }

  private Cli.Result run(Path log, Path alerts) {
    return Cli.run(
        "run",
        "--events",
        events.toString(),
        "--log",
        log.toString(),
        "--alerts",
        alerts.toString());
  }

  /** The ids of every line, each of which must be a whole JSON object. */
  private static List<String> idsOfWholeLines(Path alerts) throws IOException {
    String content = Files.readString(alerts);
    assertTrue(content.isEmpty() || content.endsWith("\n"), "no torn last line");
    return content.lines().map(line -> readTree(line).at("/event/id").asText()).toList();
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not a whole JSON line: " + line, e);
    }
  }
}
