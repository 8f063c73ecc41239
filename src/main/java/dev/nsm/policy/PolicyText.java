package dev.nsm.policy;

import java.util.Objects;

/**
 * The text of one policy layer and the name diagnostics use for it.
 *
 * @param name how the file is named in diagnostics, e.g. {@code policies/site.yaml}
 * @param text the YAML text
 */
public record PolicyText(String name, String text) {
  public PolicyText {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
  }
}
