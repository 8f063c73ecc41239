package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar captures live as an unprivileged user holding CAP_NET_RAW and no other
 * capability, the way {@code examples/systemd/nsm.service} runs it; without that capability it
 * stops at once with the one-line reason and exit 2. {@code setpriv} (util-linux) gives the child
 * process the user and capabilities; the tests themselves run as root, as in CI, to build the test
 * network and to switch user.
 */
class CaptureAsUnprivilegedUserIT {

  /** nobody/nogroup on Debian: a user that owns nothing and belongs to no other group. */
  private static final String UNPRIVILEGED = "65534";

  private static final Path JAR = Path.of("target/nsm.jar");

  @TempDir Path dir;

  @Test
  void capturesAndAlertsWithCapNetRawAlone() throws Exception {
    Path out = prepare();
    try (TestNetwork net = TestNetwork.create()) {
      Process nsm =
          start(
              List.of("--inh-caps=-all,+net_raw", "--ambient-caps=-all,+net_raw"),
              net.hostInterface,
              out);
      try {
        // nsm says so once the interface is open; a slow machine takes its time to start Java.
        for (int i = 0; i < 1200 && nsm.isAlive() && !stderr().contains("monitoring"); i++) {
          Thread.sleep(100);
        }
        assertTrue(stderr().contains("monitoring"), stderr());
        assertEquals(
            "0000000000002000", effectiveCapabilities(nsm), "CAP_NET_RAW (bit 13), nothing else");

        net.connectFromPeer(IntStream.rangeClosed(1, 20).boxed().toList());
        Path alerts = out.resolve("alerts.jsonl");
        for (int i = 0; i < 300 && !Files.readString(alerts).contains("\"port-scan\""); i++) {
          Thread.sleep(100);
        }
        nsm.destroy(); // SIGTERM: a clean stop, as systemd does
        assertTrue(nsm.waitFor(60, TimeUnit.SECONDS), "stops on SIGTERM");
        String rest = stderr();

        // Java exits 128 + 15 after SIGTERM, also when its shutdown hooks stopped it cleanly;
        // the unit declares SuccessExitStatus=143 for that reason.
        assertTrue(nsm.exitValue() == 143 || nsm.exitValue() == 0, nsm.exitValue() + " " + rest);
        assertTrue(Files.readString(out.resolve("report.txt")).contains("port-scan"), rest);
        String written = Files.readString(alerts);
        assertTrue(
            written.contains("\"port-scan\"") && written.contains(TestNetwork.PEER_ADDRESS),
            written);
        assertTrue(rest.contains("20 connection attempts (0 accepted, 20 rejected"), rest);
        assertEquals(
            Integer.parseInt(UNPRIVILEGED),
            Files.getAttribute(alerts, "unix:uid"),
            "written by the unprivileged user");
      } finally {
        nsm.destroyForcibly();
      }
    }
  }

  @Test
  void withoutTheCapabilityItExitsTwoSayingWhatItNeeds() throws Exception {
    Path out = prepare();
    Process nsm = start(List.of("--inh-caps=-all"), "lo", out);
    try {
      assertTrue(nsm.waitFor(120, TimeUnit.SECONDS));
      String stderr = stderr();
      assertEquals(2, nsm.exitValue(), stderr);
      assertTrue(
          stderr.contains("nsm run: error: cannot capture on 'lo': needs root or CAP_NET_RAW"),
          stderr);
    } finally {
      nsm.destroyForcibly();
    }
  }

  /**
   * A copy of the jar the unprivileged user can read (the checkout may be below a home it cannot
   * enter), and an output directory it owns; returns the output directory.
   */
  private Path prepare() throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "switching to an unprivileged user needs root; CI runs as root");
    Assumptions.assumeTrue(
        TestNetwork.run("setpriv", "--version") == 0, "needs setpriv (util-linux)");
    assertTrue(Files.isRegularFile(JAR), "run after `mvn package`: " + JAR);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.copy(JAR, dir.resolve("nsm.jar"));
    Path out = Files.createDirectory(dir.resolve("out"));
    Files.setAttribute(out, "unix:uid", Integer.parseInt(UNPRIVILEGED));
    Files.setAttribute(out, "unix:gid", Integer.parseInt(UNPRIVILEGED));
    return out;
  }

  /**
   * {@code nsm run --interface} as the unprivileged user, with no capability in its bounding set
   * but CAP_NET_RAW, and no way to gain privileges: setpriv sets that up and executes java.
   */
  private Process start(List<String> capabilities, String interfaceName, Path out)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "setpriv",
            "--reuid=" + UNPRIVILEGED,
            "--regid=" + UNPRIVILEGED,
            "--clear-groups",
            "--no-new-privs",
            "--bounding-set=-all,+net_raw"));
    command.addAll(capabilities);
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-jar",
            dir.resolve("nsm.jar").toString(),
            "run",
            "--interface",
            interfaceName,
            "--filter",
            "tcp",
            "--log",
            out.resolve("security_monitor.log").toString(),
            "--alerts",
            out.resolve("alerts.jsonl").toString(),
            "--report",
            out.resolve("report.txt").toString()));
    return new ProcessBuilder(command)
        .directory(out.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(dir.resolve("stderr.txt").toFile())
        .start();
  }

  /** What nsm wrote on stderr so far (kept in a file: destroying a process closes its pipes). */
  private String stderr() throws IOException {
    return Files.readString(dir.resolve("stderr.txt"));
  }

  /** The CapEff line of the process's status: the capabilities it can use now. */
  private static String effectiveCapabilities(Process process) throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("CapEff:")) {
        return line.substring("CapEff:".length()).strip();
      }
    }
    return "unknown";
  }
}
