package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nsm.source.SpoofedSynFlood;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture in which every packet comes from a new source: {@code nsm run} in a JVM with a heap far
 * too small to hold a tenth of them, yet it finishes, and the report says what each bound dropped.
 * Scaled down for CI (300,000 sources, bounds of 10,000); the full run of ten million with the
 * default bounds is one command in docs/reliability.md.
 */
class SpoofedSourceFloodTest {

  private static final int PACKETS = 300_000;
  private static final int BOUND = 10_000;

  /**
   * Holding every source would take about 3 KB each (a fact in the engine, a flow, a report entry),
   * over 400 MB here; the bounds keep it under a third of this heap.
   */
  private static final String HEAP = "-Xmx128m";

  @TempDir Path dir;

  @Test
  void everyPacketFromANewSourceStaysWithinTheBoundsAndTheReportCountsWhatWasDropped()
      throws Exception {
    Path capture = dir.resolve("flood.pcap");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(capture), 1 << 16)) {
      SpoofedSynFlood flood = new SpoofedSynFlood(out, 10_000);
      for (int i = 0; i < PACKETS; i++) {
        flood.next();
      }
    }
    Path report = dir.resolve("report.json");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            HEAP,
            // An exhausted heap ends the run at once instead of thrashing until the timeout.
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "run",
            "--pcap",
            capture.toString(),
            "--max-flows",
            Integer.toString(BOUND),
            "--max-facts",
            Integer.toString(BOUND),
            "--max-sources",
            Integer.toString(BOUND),
            "--format",
            "json",
            "--report",
            report.toString(),
            "--log",
            dir.resolve("security_monitor.log").toString(),
            "--alerts",
            dir.resolve("alerts.jsonl").toString()));
    Process nsm =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
    boolean finished = nsm.waitFor(15, TimeUnit.MINUTES);
    nsm.destroyForcibly();
    String stderr = Files.readString(dir.resolve("stderr.txt"));
    assertTrue(finished, "still running after 15 minutes: " + stderr);
    assertEquals(0, nsm.exitValue(), stderr);

    JsonNode json = new ObjectMapper().readTree(report.toFile());
    int dropped = PACKETS - BOUND;
    assertEquals(BOUND, json.at("/sources/tracked").asInt(), "report: sources held");
    assertEquals(dropped, json.at("/sources/evicted").asLong(), "report: sources dropped");
    assertEquals(0, json.at("/alerts/total").asLong(), "one SYN to port 80 each: no alert");
    String inputs = json.get("inputs").toString();
    assertTrue(
        inputs.contains(
            PACKETS
                + " connection attempts (0 accepted, 0 rejected, "
                + BOUND
                + " unanswered), 0 expected data connections, "
                + dropped
                + " flows evicted"),
        inputs);
    assertTrue(
        inputs.contains(
            "engine: "
                + dropped
                + " facts dropped before their windows ended, to hold at most "
                + BOUND
                + " (--max-facts)"),
        inputs);
    assertTrue(stderr.contains(dropped + " facts dropped"), "also on stderr: " + stderr);
    assertTrue(
        Files.readString(dir.resolve("security_monitor.log")).contains("WARN - session full"),
        "the log says when dropping starts");
  }
}
