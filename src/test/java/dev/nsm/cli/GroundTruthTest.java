package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real traffic made with real tools (nmap, hydra, hping3, OpenSSH, vsftpd, nginx, dovecot) run
 * through {@code nsm run} with the default ruleset; the expectations are the capture set's ground
 * truth. Alerts are read back from alerts.jsonl by their ECS names, as other tools would.
 */
class GroundTruthTest {

  private static final Path CAPTURES = Path.of("src/test/resources/captures");
  private static final Path LOGS = Path.of("src/test/resources/logs");
  private static final String ATT1 = "198.51.100.23";
  private static final String ATT2 = "198.51.100.77";

  @TempDir Path dir;

  private JsonNode report;

  /** "rule.id source.ip" of every alert the run wrote. */
  private Set<String> alerts(String... inputs) throws IOException {
    List<String> args = new ArrayList<>(List.of("run", "--format", "json"));
    args.addAll(List.of("--log", dir.resolve("security_monitor.log").toString()));
    args.addAll(List.of("--alerts", dir.resolve("alerts.jsonl").toString()));
    args.addAll(List.of(inputs));
    Cli.Result result = Cli.run(args.toArray(String[]::new));
    assertEquals(0, result.exitCode(), result.toString());
    Set<String> seen = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    report = json.readTree(result.out());
    for (String line : Files.readAllLines(dir.resolve("alerts.jsonl"))) {
      JsonNode alert = json.readTree(line);
      assertEquals("alert", alert.path("event").path("kind").asText());
      seen.add(
          alert.path("rule").path("id").asText() + " " + alert.path("source").path("ip").asText());
    }
    return seen;
  }

  private static String capture(String name) {
    return CAPTURES.resolve(name).toString();
  }

  private static String log(String name) {
    return LOGS.resolve(name).toString();
  }

  @Test
  void nmapSynScanIsAPortScanAndHighFrequencyFromTheScanner() throws IOException {
    Set<String> alerts = alerts("--pcap", capture("scan_syn_top1000.pcap"));
    assertTrue(alerts.contains("port-scan " + ATT1), alerts.toString());
    assertTrue(alerts.contains("high-frequency " + ATT1), alerts.toString());
    assertTrue(alerts.stream().allMatch(a -> a.endsWith(ATT1)), alerts.toString());
  }

  @Test
  void synFloodIsHighFrequencyButNotAPortScan() throws IOException {
    Set<String> alerts = alerts("--pcap", capture("syn_flood.pcap"));
    assertTrue(alerts.contains("high-frequency " + ATT2), alerts.toString());
    assertTrue(alerts.stream().noneMatch(a -> a.startsWith("port-scan")), alerts.toString());
  }

  @Test
  void ftpBruteForceWithACrackedPasswordIsCritical() throws IOException {
    Set<String> alerts = alerts("--pcap", capture("ftp_bruteforce.pcap"));
    assertTrue(alerts.contains("auth-failures " + ATT1), alerts.toString());
    assertTrue(alerts.contains("brute-force-success " + ATT1), alerts.toString());
  }

  @Test
  void httpBasicAuthBruteForceIsAuthFailures() throws IOException {
    Set<String> alerts = alerts("--pcap", capture("http_basic_bruteforce.pcap"));
    assertTrue(alerts.contains("auth-failures " + ATT2), alerts.toString());
  }

  @Test
  void pop3AndImapBruteForcesAreAuthFailuresOfBothAttackers() throws IOException {
    Set<String> alerts = alerts("--pcap", capture("mail_bruteforce.pcap"));
    assertTrue(alerts.contains("auth-failures " + ATT2), "POP3 -ERR x6: " + alerts);
    assertTrue(alerts.contains("auth-failures " + ATT1), "IMAP NO x6: " + alerts);
    assertTrue(alerts.stream().noneMatch(a -> a.endsWith("192.0.2.50")), alerts.toString());
  }

  @Test
  void telnetBruteForceInANanosecondCaptureIsAuthFailures() throws IOException {
    Set<String> alerts = alerts("--pcap", capture("telnet_bruteforce_nano.pcap"));
    assertTrue(alerts.contains("auth-failures " + ATT1), alerts.toString());
    assertTrue(alerts.stream().noneMatch(a -> a.endsWith("192.0.2.52")), alerts.toString());
  }

  @Test
  void unusualPortsInAPcapngAreReported() throws IOException {
    Set<String> alerts = alerts("--pcap", capture("unusual_ports.pcapng"));
    assertTrue(alerts.contains("unusual-port " + ATT2), alerts.toString());
    assertTrue(alerts.stream().allMatch(a -> a.endsWith(ATT2)), alerts.toString());
  }

  @Test
  void benignTrafficAndItsLogsRaiseNothingFtpDataConnectionsIncluded() throws IOException {
    assertEquals(
        Set.of(),
        alerts(
            "--pcap",
            capture("benign.pcap"),
            "--auth-log",
            log("benign.auth.log"),
            log("benign.vsftpd.log")));
    assertEquals(Set.of(), alerts("--pcap", capture("ftp_download_passive.pcap")));
    assertEquals(Set.of(), alerts("--pcap", capture("http_get.pcap")));
  }

  @Test
  void anHttpRequestToPort1234IsAnUnusualPort() throws IOException {
    assertEquals(
        Set.of("unusual-port 127.0.0.1"),
        alerts("--pcap", capture("http_nonstandard_port_1234.pcap")));
  }

  @Test
  void sshdLogOfABruteForceIsAuthFailures() throws IOException {
    Set<String> alerts = alerts("--auth-log", log("ssh_bruteforce.auth.log"), "--log-year", "2026");
    assertTrue(alerts.contains("auth-failures " + ATT1), alerts.toString());
  }

  @Test
  void captureAndServerLogOfOneAttackCountEachTryOnce() throws IOException {
    Set<String> alerts =
        alerts(
            "--pcap",
            capture("ftp_bruteforce.pcap"),
            "--auth-log",
            log("ftp_bruteforce.vsftpd.log"),
            "--log-year",
            "2026");
    assertTrue(alerts.contains("brute-force-success " + ATT1), alerts.toString());
    JsonNode attacker = report.path("suspicious_activity").get(0);
    assertEquals(ATT1, attacker.path("source").asText());
    // MANIFEST: 19 x 530 then 1 x 230, in the capture and in vsftpd's log alike.
    assertEquals(19, attacker.path("auth_failures").asInt(), attacker.toString());
    assertEquals(1, attacker.path("auth_successes").asInt(), attacker.toString());
    String inputs = report.path("inputs").toString();
    assertTrue(inputs.contains("ftp_bruteforce.pcap: "), inputs);
    assertTrue(
        inputs.contains("auth attempts seen by two inputs (capture and log) counted once"), inputs);
  }
}
