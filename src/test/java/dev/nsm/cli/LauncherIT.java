package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher the build puts beside the jar, {@code target/nsm}, as users run it. {@code
 * -Xshare:on} makes the JVM refuse to start unless the class-data archive the build made is valid
 * for this JDK and this jar; the launcher alone would fall back without it, silently.
 */
class LauncherIT {

  private static final Path LAUNCHER = Path.of("target", "nsm").toAbsolutePath();

  @TempDir Path dir;

  @BeforeEach
  void launcherIsBuilt() {
    assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is built in the package phase");
  }

  @Test
  void startsWithTheClassArchiveMadeForItsJar() throws Exception {
    Run check = run(LAUNCHER, "-Xshare:on", "check");
    assertEquals(0, check.exit, check.err);
    assertTrue(check.out.startsWith("OK: ruleset rules/default"), check.out);
  }

  @Test
  void findsItsJarAndArchiveThroughASymlink() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("nsm"), LAUNCHER);
    Run check = run(link, "-Xshare:on", "check");
    assertEquals(0, check.exit, check.err);
  }

  @Test
  void passesArgumentsOnUnchanged() throws Exception {
    Path rules = Files.createDirectory(dir.resolve("my rules; $(echo not run)"));
    Files.writeString(rules.resolve("bad rule.drl"), "rule broken\n");
    Run check = run(LAUNCHER, "", "check", "--rules", rules.toString());
    assertEquals(2, check.exit, check.err);
    assertTrue(check.err.startsWith(rules.resolve("bad rule.drl") + ":1:1: error:"), check.err);
  }

  private record Run(int exit, String out, String err) {}

  private Run run(Path launcher, String javaOptions, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().put("NSM_JAVA_OPTS", javaOptions);
    Process process = builder.start();
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the launcher ended");
    return new Run(process.exitValue(), read("out.txt"), read("err.txt"));
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }
}
