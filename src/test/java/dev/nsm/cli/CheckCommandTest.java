package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

  static final Path DEFAULT_RULES = Path.of("rules/default");

  @TempDir Path dir;

  @Test
  void bundledRulesetAndPolicyAreValid() {
    Cli.Result result = Cli.run("check");
    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    assertTrue(
        Pattern.compile(
                "^OK: ruleset rules/default \\(hash [0-9a-f]{16}, 7 rules\\), policy "
                    + "policies/default\\.yaml$")
            .matcher(result.out().strip())
            .matches(),
        result.out());
    assertEquals("", result.err());
  }

  @Test
  void brokenDrlExitsTwoWithAnErrorPositionedInThatFile() throws IOException {
    Path rules = copyOfDefaultRules();
    Path broken = rules.resolve("high-frequency.drl");
    String text = Files.readString(broken);
    String closed = "transport in (${high-frequency.transports}))";
    assertTrue(text.contains(closed), "the rule text this test breaks has changed");
    Files.writeString(broken, text.replace(closed, "transport in (${high-frequency.transports})"));

    Cli.Result result = Cli.run("check", "--rules", rules.toString());

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    String prefix = Pattern.quote(broken.toString());
    assertTrue(
        Pattern.compile("(?m)^" + prefix + ":\\d+:\\d+: error: .+$").matcher(result.err()).find(),
        result.err());
    assertEquals("", result.out(), "no OK line for an invalid ruleset");
  }

  @Test
  void misspelledPolicyKeyExitsTwoWithItsLineAndASuggestion() throws IOException {
    Path policy =
        write(
            "site.yaml",
            "schema_version: 1\n" + "detections:\n" + "  high-frequency:\n" + "    min_cout: 10\n");

    Cli.Result result = Cli.run("check", "--policy", policy.toString());

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(result.err().contains(policy + ":4:5: error: "), result.err());
    assertTrue(result.err().contains("did you mean 'min_count'"), result.err());
  }

  @Test
  void everyErrorOfEveryPolicyFileIsPrinted() throws IOException {
    Path first = write("a.yaml", "schema_version: 1\ndetections:\n  port-scan:\n    windw: 5s\n");
    Path second = write("b.yaml", "schema_version: 1\nhome_networks: [not-a-network]\n");

    Cli.Result result =
        Cli.run("check", "--policy", first.toString(), "--policy", second.toString());

    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(result.err().contains(first + ":4:"), result.err());
    assertTrue(result.err().contains(second + ":2:"), result.err());
  }

  @Test
  void printPolicyShowsTheOverrideAsYamlOnStdoutOnly() throws IOException {
    Path policy =
        write(
            "site.yaml",
            "schema_version: 1\n"
                + "detections:\n"
                + "  high-frequency:\n"
                + "    min_count: 42\n");

    Cli.Result result = Cli.run("check", "--policy", policy.toString(), "--print-policy");

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
    String highFrequency = result.out().substring(result.out().indexOf("  high-frequency:"));
    assertTrue(highFrequency.contains("min_count: 42"), result.out());
    assertFalse(result.out().contains("OK:"), "stdout is YAML alone");
    assertTrue(result.err().contains("OK: ruleset"), result.err());
  }

  @Test
  void printedPolicyLoadsAgainAsAPolicyFile() throws IOException {
    Path site = write("site.yaml", "schema_version: 1\nallow: [192.0.2.0/24]\n");
    Path merged =
        write("merged.yaml", Cli.run("check", "--policy", site.toString(), "--print-policy").out());

    Cli.Result result = Cli.run("check", "--policy", merged.toString());

    assertEquals(ExitCode.OK, result.exitCode(), result::toString);
  }

  @Test
  void missingPolicyFileExitsTwoNamingIt() {
    Path missing = dir.resolve("absent.yaml");
    Cli.Result result = Cli.run("check", "--policy", missing.toString());
    assertEquals(ExitCode.INVALID_INPUT, result.exitCode(), result::toString);
    assertTrue(result.err().contains(missing + ": error: "), result.err());
  }

  private Path copyOfDefaultRules() throws IOException {
    Path rules = Files.createDirectory(dir.resolve("rules"));
    try (Stream<Path> files = Files.list(DEFAULT_RULES)) {
      for (Path file : files.toList()) {
        Files.copy(file, rules.resolve(file.getFileName()));
      }
    }
    return rules;
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
