package dev.nsm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DistinctPortsTest {

  @Test
  void countsEachPortOnceWhetherFewOrMany() {
    DistinctPorts ports = new DistinctPorts();
    ports.add(65535);
    ports.add(65535);
    ports.add(22);
    assertEquals(2, ports.count());
    for (int port = 1; port <= 1000; port++) {
      ports.add(port);
    }
    ports.add(65535);
    assertEquals(1001, ports.count(), "1..1000 and 65535");
  }
}
