package dev.nsm.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nsm.NetworkSecurityMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled examples as a whole. That each of them passes is checked by the CLI tests ({@code nsm
 * test examples/scenarios}); here: that together they exercise every default rule.
 */
class ExampleScenariosTest {

  private static final Path EXAMPLES = Path.of("examples/scenarios");

  @TempDir Path dir;

  @Test
  void everyDefaultRuleIsExpectedToFireBySomeExample() throws Exception {
    Set<String> expected = new TreeSet<>();
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      for (Path file : files.filter(f -> f.endsWith(Scenario.FILE_NAME)).toList()) {
        for (Expectation expectation : ScenarioLoader.load(file).expect()) {
          if (expectation.min() > 0) {
            expected.add(expectation.filter().rule());
          }
        }
      }
    }
    Set<String> defaultRules = new TreeSet<>();
    NetworkSecurityMonitor.compile(null, List.of()).rules().forEach(r -> defaultRules.add(r.id()));

    assertEquals(7, defaultRules.size(), defaultRules.toString());
    Set<String> unexercised = new TreeSet<>(defaultRules);
    unexercised.removeAll(expected);
    assertEquals(Set.of(), unexercised, "default rules no example scenario expects to fire");
  }

  @Test
  void theSyntheticSweepCaptureIsWhatItsGeneratorWrites() throws Exception {
    Path example = EXAMPLES.resolve("port-sweep");
    Path written = dir.resolve("capture.pcap");
    String java = ProcessHandle.current().info().command().orElse("java");

    Process generator =
        new ProcessBuilder(
                java, example.resolve("GenerateCapture.java").toString(), written.toString())
            .inheritIO()
            .start();

    assertEquals(true, generator.waitFor(2, TimeUnit.MINUTES), "generator still running");
    assertEquals(0, generator.exitValue());
    assertArrayEquals(
        Files.readAllBytes(example.resolve("capture.pcap")), Files.readAllBytes(written));
  }
}
