package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of a replay, for real: the shipped jar runs as a child process
 * reading a capture from its standard input, which the test keeps feeding, so it is surely busy
 * writing alerts when it is killed. Runs under failsafe, once {@code target/nsm.jar} exists.
 */
class CrashAndResumeIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LOG_LINE =
      Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d - (INFO|WARN|ERROR|DEBUG) - .*");
  private static final Pattern LOGGED_ID = Pattern.compile(" - \\[[^\\]]+\\] .* id=(\\S+) ");
  private static final Duration BOUND = Duration.ofMinutes(3);
  private static final Path JAR = Path.of("target", "nsm.jar").toAbsolutePath();

  @TempDir Path dir;

  @BeforeEach
  void jarIsBuilt() {
    assertTrue(Files.isRegularFile(JAR), JAR + " is built in the package phase");
  }

  @Test
  void killNineWhileAlertsAreWrittenLeavesOnlyWholeLines() throws Exception {
    Path log = dir.resolve("security_monitor.log");
    Path alerts = dir.resolve("alerts.jsonl");
    Process nsm =
        start("killed", "--pcap", "-", "--log", log.toString(), "--alerts", alerts.toString());
    Thread feeder = feed(nsm, Long.MAX_VALUE);

    waitForLines(alerts, 50, nsm);
    assertTrue(nsm.isAlive(), "nsm was still replaying when killed");
    nsm.destroyForcibly();
    assertTrue(nsm.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS));
    feeder.join(BOUND.toMillis());

    assertEquals(137, nsm.exitValue(), "killed by SIGKILL");
    List<JsonNode> written = wholeJsonLines(alerts);
    assertTrue(written.size() >= 50, "alerts written before the kill: " + written.size());
    assertOnlyWholeLogLines(log);
  }

  @Test
  void aRunKilledMidwayAndRunAgainOnTheSameCaptureWritesEveryAlertOnce() throws Exception {
    Path capture = Files.write(dir.resolve("bursts.pcap"), SynBursts.capture(300));
    Path reference = Files.createDirectory(dir.resolve("reference"));
    assertEquals(0, runToEnd(capture, reference.resolve("log"), reference.resolve("alerts.jsonl")));
    List<String> expected = ids(reference.resolve("alerts.jsonl"));
    assertEquals(300, expected.size());

    Path log = dir.resolve("security_monitor.log");
    Path alerts = dir.resolve("alerts.jsonl");
    Process killed =
        start("killed", "--pcap", "-", "--log", log.toString(), "--alerts", alerts.toString());
    Thread feeder = feed(killed, 150); // then it waits for more input, midway
    waitForLines(alerts, 100, killed);
    killed.destroyForcibly();
    assertTrue(killed.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS));
    feeder.join(BOUND.toMillis());
    int beforeKill = wholeJsonLines(alerts).size();
    assertTrue(beforeKill < 300, "killed midway, after " + beforeKill + " alerts");

    assertEquals(0, runToEnd(capture, log, alerts));

    List<String> resumed = ids(alerts);
    assertEquals(300, resumed.size(), "every alert, each once");
    assertEquals(new HashSet<>(expected), new HashSet<>(resumed));
    List<String> logged = loggedIds(log);
    assertEquals(300, logged.size(), "the log has every alert once too");
    assertEquals(new HashSet<>(expected), new HashSet<>(logged));
    assertOnlyWholeLogLines(log);
  }

  private Process start(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString(), "run"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile())
        .start();
  }

  /** Runs nsm over the capture (on its standard input) to its end; returns the exit code. */
  private int runToEnd(Path capture, Path log, Path alerts) throws Exception {
    Process nsm =
        new ProcessBuilder(
                java(),
                "-jar",
                JAR.toString(),
                "run",
                "--pcap",
                "-",
                "--log",
                log.toString(),
                "--alerts",
                alerts.toString())
            .directory(dir.toFile())
            .redirectInput(capture.toFile())
            .redirectOutput(dir.resolve("run.out").toFile())
            .redirectError(dir.resolve("run.err").toFile())
            .start();
    assertTrue(nsm.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS), "nsm finished");
    return nsm.exitValue();
  }

  /** Feeds {@code sources} bursts to the process's input; leaves the input open after them. */
  private static Thread feed(Process nsm, long sources) {
    Thread feeder =
        new Thread(
            () -> {
              OutputStream in = nsm.getOutputStream();
              try {
                SynBursts.stream(in, sources);
                nsm.waitFor(); // keep the input open: nsm waits for more, midway through
                in.close();
              } catch (IOException killed) {
                // the pipe broke: nsm was killed while being fed, as intended
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "capture feeder");
    feeder.setDaemon(true);
    feeder.start();
    return feeder;
  }

  private static void waitForLines(Path file, int lines, Process nsm) throws Exception {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file) && countLines(file) >= lines) {
        return;
      }
      if (!nsm.isAlive()) {
        throw new AssertionError("nsm ended early, exit " + nsm.exitValue());
      }
      Thread.sleep(50);
    }
    throw new AssertionError(file + " did not reach " + lines + " lines within " + BOUND);
  }

  private static long countLines(Path file) throws IOException {
    long count = 0;
    for (byte b : Files.readAllBytes(file)) {
      count += b == '\n' ? 1 : 0;
    }
    return count;
  }

  private static List<JsonNode> wholeJsonLines(Path alerts) throws IOException {
    String content = Files.readString(alerts);
    assertTrue(content.endsWith("\n"), "the last line is whole");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : content.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(line);
        assertTrue(node.isObject(), line);
        lines.add(node);
      } catch (IOException e) {
        throw new AssertionError("not one whole JSON object: " + line, e);
      }
    }
    return lines;
  }

  private static void assertOnlyWholeLogLines(Path log) throws IOException {
    String content = Files.readString(log);
    assertTrue(content.endsWith("\n"), "the last line of the log is whole");
    for (String line : content.split("\n")) {
      assertTrue(LOG_LINE.matcher(line).matches(), () -> "torn or foreign log line: " + line);
    }
  }

  private static List<String> ids(Path alerts) throws IOException {
    return wholeJsonLines(alerts).stream().map(node -> node.at("/event/id").asText()).toList();
  }

  private static List<String> loggedIds(Path log) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      Matcher id = LOGGED_ID.matcher(line);
      if (id.find()) {
        ids.add(id.group(1));
      }
    }
    return ids;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
