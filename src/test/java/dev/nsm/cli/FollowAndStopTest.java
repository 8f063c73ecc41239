package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nsm run --auth-log FILE --follow} in its own process: lines appended to the log raise
 * alerts while it runs, and SIGTERM stops it cleanly with the report written and the log flushed.
 */
class FollowAndStopTest {

  @TempDir Path dir;

  @Test
  void followedLogRaisesAlertsAndSigtermWritesTheReportAndFlushesTheLog() throws Exception {
    Path authLog = Files.writeString(dir.resolve("auth.log"), "");
    Path alerts = dir.resolve("alerts.jsonl");
    Path report = dir.resolve("report.txt");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process nsm =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "--auth-log",
                authLog.toString(),
                "--follow",
                "--log-year",
                "2026",
                "--log",
                dir.resolve("security_monitor.log").toString(),
                "--alerts",
                alerts.toString(),
                "--report",
                report.toString())
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .start();
    try {
      BufferedReader stderr =
          new BufferedReader(new InputStreamReader(nsm.getErrorStream(), StandardCharsets.UTF_8));
      String line = stderr.readLine();
      assertTrue(line != null && line.contains("monitoring"), "started: " + line);
      Thread.sleep(500); // the follower starts at the end of the file
      StringBuilder tries = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        tries
            .append("Nov 25 09:00:0")
            .append(i)
            .append(" srv01 sshd[")
            .append(100 + i)
            .append("]: Failed password for root from 198.51.100.23 port 4000")
            .append(i)
            .append(" ssh2\n");
      }
      Files.writeString(authLog, tries, StandardOpenOption.APPEND);
      for (int i = 0; i < 200 && (!Files.exists(alerts) || Files.size(alerts) == 0); i++) {
        Thread.sleep(100);
      }
      assertTrue(Files.readString(alerts).contains("\"auth-failures\""), "alert while running");
      nsm.destroy(); // SIGTERM
      assertTrue(nsm.waitFor(60, TimeUnit.SECONDS), "stops on SIGTERM");
      assertTrue(Files.readString(report).contains("auth-failures"), Files.readString(report));
      String log = Files.readString(dir.resolve("security_monitor.log"));
      assertTrue(log.contains("[auth-failures] source=198.51.100.23"), log);
      assertTrue(log.contains("nsm stopped"), log);
    } finally {
      nsm.destroyForcibly();
    }
  }
}
