package dev.nsm.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy, ruleset or input file the user gave is wrong. Carries every problem found, not only the
 * first, so one run shows all there is to fix. The command line maps it to exit code 2.
 */
public class InvalidInputException extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<Diagnostic> diagnostics;

  public InvalidInputException(List<Diagnostic> diagnostics) {
    super(render(diagnostics));
    this.diagnostics = List.copyOf(diagnostics);
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  private static String render(List<Diagnostic> diagnostics) {
    return diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n"));
  }
}
