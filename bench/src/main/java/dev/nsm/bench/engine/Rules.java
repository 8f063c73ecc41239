package dev.nsm.bench.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The default rules the benchmarks measure, alone or all together. */
public final class Rules {

  /** Every rule of the default ruleset, in the order the benchmarks report them. */
  public static final List<String> DEFAULT =
      List.of(
          "unusual-port",
          "high-frequency",
          "auth-failures",
          "port-scan",
          "port-sweep",
          "brute-force-success",
          "multi-pattern-source");

  /** The whole ruleset. */
  public static final String ALL = "all";

  /**
   * The rules a benchmark of {@code rule} enables. multi-pattern-source reads the other rules'
   * alerts, so alone it would see nothing: it is measured only with the whole ruleset.
   */
  public static List<String> enabled(String rule) {
    if (rule.equals(ALL)) {
      return DEFAULT;
    }
    if (!DEFAULT.contains(rule) || rule.equals("multi-pattern-source")) {
      throw new IllegalArgumentException("no benchmark for rule '" + rule + "'");
    }
    return List.of(rule);
  }

  /**
   * A ruleset directory holding only {@code rule}'s file from the bundled default ruleset, and the
   * named windows the connection rules share ({@code windows.drl}) if the rule reads them: declared
   * but unread, a window on connections would still make nsm insert every connection. (Switching
   * the other rules off in the policy now costs the same, since nsm leaves disabled rules out of
   * the network; a directory of its own keeps the measurement independent of that.)
   */
  public static Path rulesetOf(String rule) throws IOException {
    Path dir = Files.createTempDirectory("nsm-bench-rules");
    dir.toFile().deleteOnExit();
    String text = copy(rule, dir);
    if (text.contains("from window NewConnection")) {
      copy("windows", dir);
    }
    return dir;
  }

  /** Copies a bundled rule file into {@code dir} and returns its text. */
  private static String copy(String name, Path dir) throws IOException {
    String resource = "/nsm/rules/default/" + name + ".drl";
    try (InputStream drl = Rules.class.getResourceAsStream(resource)) {
      if (drl == null) {
        throw new IOException("no " + resource + " on the class path");
      }
      Path file = dir.resolve(name + ".drl");
      Files.write(file, drl.readAllBytes());
      file.toFile().deleteOnExit();
      return Files.readString(file);
    }
  }

  private Rules() {}
}
