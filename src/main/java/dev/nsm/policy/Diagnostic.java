package dev.nsm.policy;

import java.util.Objects;

/**
 * One problem found in an input file, positioned so an editor can jump to it.
 *
 * @param kind error (the input is rejected) or warning (it is accepted)
 * @param path the file as the user named it
 * @param line 1-based line, 0 when the problem concerns the whole file
 * @param column 1-based column, 0 when the problem concerns the whole file
 * @param message what is wrong and what was expected
 */
public record Diagnostic(Kind kind, String path, int line, int column, String message) {

  /** Whether the problem rejects the input. */
  public enum Kind {
    ERROR,
    WARNING
  }

  public Diagnostic {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  public static Diagnostic error(String path, int line, int column, String message) {
    return new Diagnostic(Kind.ERROR, path, line, column, message);
  }

  public static Diagnostic warning(String path, int line, int column, String message) {
    return new Diagnostic(Kind.WARNING, path, line, column, message);
  }

  public boolean isError() {
    return kind == Kind.ERROR;
  }

  /** The compiler-style form editors and CI logs understand: {@code path:line:col: error: msg}. */
  @Override
  public String toString() {
    String label = kind == Kind.ERROR ? "error" : "warning";
    if (line <= 0) {
      return path + ": " + label + ": " + message;
    }
    return path + ":" + line + ":" + column + ": " + label + ": " + message;
  }
}
