package dev.nsm.cli;

import dev.nsm.policy.Diagnostic;
import java.io.PrintWriter;
import java.util.List;

/** Prints diagnostics one per line in the compiler form editors and CI logs jump from. */
final class DiagnosticPrinter {

  private DiagnosticPrinter() {}

  static void print(PrintWriter err, List<Diagnostic> diagnostics) {
    for (Diagnostic diagnostic : diagnostics) {
      err.println(diagnostic);
    }
    err.flush();
  }

  static long errorCount(List<Diagnostic> diagnostics) {
    return diagnostics.stream().filter(Diagnostic::isError).count();
  }
}
