package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that loads rules or policies refuses ones other users could change, with exit 2 and
 * the fix, before reading them; and a URL is a clear error, never a fetch.
 */
class UntrustedRulesTest {

  @TempDir Path dir;

  private Path copyOfDefaultRules() throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    try (Stream<Path> files = Files.list(Path.of("rules/default"))) {
      for (Path file : files.toList()) {
        Files.copy(file, rules.resolve(file.getFileName()));
      }
    }
    return rules;
  }

  private static void chmod(Path path, String mode) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
  }

  @Test
  void checkRefusesARuleFileOthersCanWrite() throws IOException {
    Path rules = copyOfDefaultRules();
    Path scan = rules.resolve("port-scan.drl");
    chmod(scan, "rw-rw-rw-");

    Cli.Result result = Cli.run("check", "--rules", rules.toString());

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(
        result
            .err()
            .contains(
                scan
                    + ": error: refusing to load rules from a file other users can write"
                    + " (mode 0666); fix with: chmod go-w "
                    + scan.toRealPath()),
        result.err());
    assertEquals("", result.out());
  }

  @Test
  void runRefusesARulesetDirectoryOthersCanWrite() throws IOException {
    Path rules = copyOfDefaultRules();
    chmod(rules, "rwxrwxr-x");

    Cli.Result result =
        Cli.run(
            "run",
            "--rules",
            rules.toString(),
            "--events",
            "examples/mixed-4min/events.jsonl",
            "--log",
            dir.resolve("log").toString(),
            "--alerts",
            dir.resolve("alerts.jsonl").toString());

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(
        result
            .err()
            .contains(
                rules
                    + ": error: refusing to load rules from a directory other users can write"
                    + " (mode 0775)"),
        result.err());
  }

  @Test
  void aScenarioWhosePolicyOthersCanWriteIsInvalid() throws IOException {
    Path scenario = Files.createDirectories(dir.resolve("ftp"));
    Files.copy(
        Path.of("src/test/resources/captures/ftp_bruteforce.pcap"),
        scenario.resolve("capture.pcap"));
    Path policy =
        Files.writeString(
            scenario.resolve("policy.yaml"),
            "schema_version: 1\ndetections:\n  auth-failures:\n    enabled: false\n");
    chmod(policy, "rw-rw-rw-");
    Files.writeString(
        scenario.resolve("scenario.yaml"),
        "inputs: {pcap: [capture.pcap]}\npolicy: [policy.yaml]\n");

    Cli.Result result = Cli.run("test", dir.toString());

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(
        result.err().contains(policy + ": error: refusing to load a policy from a file"),
        result.err());
  }

  @Test
  void aPolicyUrlIsAClearErrorAndNothingIsFetched() {
    Cli.Result result = Cli.run("check", "--policy", "https://example.com/site.yaml");

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(
        result
            .err()
            .startsWith(
                "https://example.com/site.yaml: error: looks like a URL: nsm reads rules and"
                    + " policies only from local files and never fetches them from the network"),
        result.err());
    assertFalse(result.err().contains("NoSuchFile"), result.err());
  }

  @Test
  void aScenarioNamingAPolicyUrlIsInvalidAtThatLine() throws IOException {
    Path scenario = Files.createDirectories(dir.resolve("remote"));
    Files.copy(
        Path.of("src/test/resources/captures/ftp_bruteforce.pcap"),
        scenario.resolve("capture.pcap"));
    Path file =
        Files.writeString(
            scenario.resolve("scenario.yaml"),
            "inputs: {pcap: [capture.pcap]}\npolicy: [https://example.com/p.yaml]\n");

    Cli.Result result = Cli.run("test", dir.toString());

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(
        result
            .err()
            .contains(
                file
                    + ":2:10: error: policy[0]: 'https://example.com/p.yaml' is a URL; nsm reads"
                    + " scenario files, rules and policies only from local paths"),
        result.err());
  }

  @Test
  void checkWarnsAboutARuleThatRunsAProcessButAcceptsIt() throws IOException {
    Path rules = copyOfDefaultRules();
    Path rule = rules.resolve("port-scan.drl");
    String text = Files.readString(rule);
    String then = "then\n";
    assertTrue(text.contains(then), "the rule text this test changes has changed");
    Files.writeString(rule, text.replace(then, then + "    Runtime.getRuntime().exec(\"id\");\n"));
    int line = (int) text.substring(0, text.indexOf(then)).lines().count() + 2;

    Cli.Result result = Cli.run("check", "--rules", rules.toString());

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertTrue(
        result
            .err()
            .contains(
                rule
                    + ":"
                    + line
                    + ":5: warning: rule 'Port scan of one host' calls java.lang.Runtime"
                    + " (processes): rules run inside nsm with its privileges"),
        result.err());
    assertTrue(result.out().startsWith("OK: ruleset "), result.out());
  }
}
