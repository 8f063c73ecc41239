package dev.nsm.engine;

import java.util.Objects;

/**
 * One DRL file of a ruleset.
 *
 * @param path the path diagnostics name, as the user would type it (e.g. {@code
 *     rules/default/port-scan.drl})
 * @param text the DRL source
 */
public record RuleFile(String path, String text) {
  public RuleFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
  }
}
