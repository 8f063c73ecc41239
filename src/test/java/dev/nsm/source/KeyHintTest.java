package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyHintTest {

  private static final List<String> KEYS = List.of("type", "time", "src_ip", "dst_ip", "dst_port");

  @Test
  void suggestsTheNearestKeyForSwapsCaseSlipsAndDroppedLetters() {
    assertEquals(Optional.of("dst_port"), KeyHint.closest("dst_prot", KEYS));
    assertEquals(Optional.of("src_ip"), KeyHint.closest("Src_IP", KEYS));
    assertEquals(Optional.of("dst_port"), KeyHint.closest("dstport", KEYS));
  }

  @Test
  void suggestsNothingForUnrelatedKeys() {
    assertEquals(Optional.empty(), KeyHint.closest("hostname", KEYS));
    assertEquals(Optional.empty(), KeyHint.closest("x".repeat(1 << 20), KEYS));
  }
}
