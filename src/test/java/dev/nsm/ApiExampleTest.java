package dev.nsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API example in examples/ must keep working: it is what library users copy first. */
class ApiExampleTest {

  @TempDir Path workDir;

  @Test
  void apiExampleRunsAndReportsBothAttackers() throws Exception {
    Path example = Path.of("examples/api/ApiExample.java").toAbsolutePath();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(), "-cp", System.getProperty("java.class.path"), example.toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "example did not finish");
    assertEquals(0, process.exitValue(), output);
    assertTrue(
        output.contains(
            "192.168.1.100: risk 100, [high-frequency, multi-pattern-source, unusual-port]"),
        output);
    assertTrue(
        output.contains("203.0.113.66: risk 100, [auth-failures, brute-force-success"), output);
    String log = Files.readString(workDir.resolve("security_monitor.log"));
    assertTrue(log.contains("[brute-force-success] source=203.0.113.66"), log);
    assertEquals(6, Files.readAllLines(workDir.resolve("alerts.jsonl")).size());
  }
}
