package dev.nsm.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PortSetTest {

  @Test
  void rangesAreInclusiveAtBothEnds() {
    PortSet ports = PortSet.of(List.of("8000-8080", "0", "65535"));

    assertTrue(ports.contains(8000));
    assertTrue(ports.contains(8080));
    assertFalse(ports.contains(7999));
    assertFalse(ports.contains(8081));
    assertTrue(ports.contains(0));
    assertTrue(ports.contains(65535));
  }

  @Test
  void numbersOutsideThePortRangeAreNeverContained() {
    PortSet ports = PortSet.of(List.of("0-65535"));

    assertFalse(ports.contains(-1));
    assertFalse(ports.contains(65536));
  }

  @Test
  void rangesJoinConsecutivePorts() {
    assertEquals(List.of("20-23", "25", "65535"), PortSet.of(65535, 25, 23, 22, 21, 20).ranges());
  }

  @Test
  void badEntriesAreRejectedWithTheExpectedForm() {
    assertEquals(
        "70000 is out of range (expected a port 0-65535 or a range like 8000-8080)",
        assertThrows(IllegalArgumentException.class, () -> PortSet.of(List.of("70000")))
            .getMessage());
    assertEquals(
        "'http' is not a port (expected a port 0-65535 or a range like 8000-8080)",
        assertThrows(IllegalArgumentException.class, () -> PortSet.of(List.of("http")))
            .getMessage());
    assertEquals(
        "'9000-8000' is not a range (expected low-high with low <= high, e.g. 8000-8080)",
        assertThrows(IllegalArgumentException.class, () -> PortSet.of(List.of("9000-8000")))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> PortSet.of(List.of("99999999999")));
    assertThrows(IllegalArgumentException.class, () -> PortSet.of(-1));
  }
}
