package dev.nsm.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticTest {

  @Test
  void rendersLikeACompilerMessage() {
    assertEquals("a.yaml:3:5: error: bad", Diagnostic.error("a.yaml", 3, 5, "bad").toString());
    assertEquals("a.yaml:1:2: warning: odd", Diagnostic.warning("a.yaml", 1, 2, "odd").toString());
  }

  @Test
  void omitsLineAndColumnWhenTheProblemIsTheWholeFile() {
    assertEquals(
        "a.yaml: error: unreadable", Diagnostic.error("a.yaml", 0, 0, "unreadable").toString());
  }

  @Test
  void exceptionMessageJoinsDiagnosticsByLine() {
    InvalidInputException e =
        new InvalidInputException(
            List.of(Diagnostic.error("a", 1, 1, "x"), Diagnostic.warning("b", 0, 0, "y")));

    assertEquals("a:1:1: error: x\nb: warning: y", e.getMessage());
    assertEquals(2, e.diagnostics().size());
  }
}
