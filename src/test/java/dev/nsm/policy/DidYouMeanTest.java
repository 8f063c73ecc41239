package dev.nsm.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {

  private static final List<String> KEYS = List.of("enabled", "min_count", "window", "allow");

  @Test
  void suggestsTheKeyWithinTwoEdits() {
    assertEquals("min_count", DidYouMean.closest("min_cout", KEYS));
    assertEquals("window", DidYouMean.closest("windwo", KEYS));
  }

  @Test
  void suggestsTheKeyThatDiffersOnlyInCaseOrDash() {
    assertEquals("min_count", DidYouMean.closest("Min-Count", KEYS));
  }

  @Test
  void suggestsNothingForADistantWord() {
    assertNull(DidYouMean.closest("threshold", KEYS));
    assertEquals("", DidYouMean.hint("threshold", KEYS));
  }
}
