package dev.nsm.bench.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

  /** A site policy file that switches off every default rule but {@code enabled}. */
  static Path policyEnabling(List<String> enabled) throws IOException {
    StringBuilder yaml = new StringBuilder("schema_version: 1\ndetections:\n");
    for (String id : DEFAULT) {
      if (!enabled.contains(id)) {
        yaml.append("  ").append(id).append(":\n    enabled: false\n");
      }
    }
    Path file = Files.createTempFile("nsm-bench-policy", ".yaml");
    file.toFile().deleteOnExit();
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private Rules() {}
}
