package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nsm test} tells, for each missing expected alert, how close the rule came. */
class TestCommandNearMissTest {

  @TempDir Path dir;

  @Test
  void aRaisedThresholdShowsTheNearMissOfEachMissingAlert() throws IOException {
    Path scenario = dir.resolve("ftp-bruteforce");
    Files.createDirectories(scenario);
    Files.copy(
        Path.of("examples/scenarios/ftp-bruteforce/capture.pcap"),
        scenario.resolve("capture.pcap"));
    Files.writeString(
        scenario.resolve("policy.yaml"),
        """
        schema_version: 1
        detections:
          auth-failures:
            min_count: 50
          port-sweep:
            enabled: false
        """);
    Files.writeString(
        scenario.resolve("scenario.yaml"),
        """
        name: ftp brute force against a raised threshold
        inputs: {pcap: [capture.pcap]}
        policy: [policy.yaml]
        expect:
          - rule: auth-failures
            source: 198.51.100.23
          - rule: port-scan
            source: 192.0.2.99
          - rule: port-sweep
          - rule: high-frequency
          - rule: brute-force-success
            source: 198.51.100.23
        """);

    Cli.Result result = Cli.run("test", dir.toString());

    assertEquals(1, result.exitCode(), result.toString());
    String out = result.out();
    Path capture = scenario.resolve("capture.pcap");
    assertTrue(
        out.contains(
            "    expected at least 1 alert(s) rule=auth-failures source=198.51.100.23, got 0;"
                + " seen instead:\n"
                + "      1 × rule=brute-force-success source=198.51.100.23 severity=critical\n"
                + "      near miss: 198.51.100.23: 19 of 50 in 5m, peak at 08:49:04.556 ("
                + capture
                + " frame 224)\n"),
        out);
    assertTrue(
        out.contains(
            "rule=port-scan source=192.0.2.99, got 0 (nothing for this rule or source was raised)\n"
                + "      no fact from 192.0.2.99 was counted by port-scan\n"),
        out);
    assertTrue(out.contains("\n      rule port-sweep is disabled by the policy\n"), out);
    assertTrue(
        out.contains(
            "\n      near misses of high-frequency:\n"
                + "        198.51.100.23: 4 of 6 in 1s, peak at 08:48:48.149 ("
                + capture
                + " frame 10)\n"),
        out);
    assertTrue(out.contains("0 passed, 1 failed, 0 invalid"), out);
  }
}
