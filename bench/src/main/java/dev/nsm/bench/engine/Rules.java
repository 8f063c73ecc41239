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
   * A ruleset directory holding only {@code rule}'s file from the bundled default ruleset. A rule
   * switched off in the policy ({@code enabled: false}) still costs: its patterns still take in
   * every fact and keep its windows, so a rule is measured alone in a ruleset of its own.
   */
  public static Path rulesetOf(String rule) throws IOException {
    String resource = "/nsm/rules/default/" + rule + ".drl";
    try (InputStream drl = Rules.class.getResourceAsStream(resource)) {
      if (drl == null) {
        throw new IOException("no " + resource + " on the class path");
      }
      Path dir = Files.createTempDirectory("nsm-bench-rules");
      Path file = dir.resolve(rule + ".drl");
      Files.copy(drl, file);
      file.toFile().deleteOnExit();
      dir.toFile().deleteOnExit();
      return dir;
    }
  }

  private Rules() {}
}
