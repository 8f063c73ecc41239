package dev.nsm.report;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The distinct destination ports of one source, small while they are few. A bit set sized to the
 * highest port would take 8 KB for one connection to port 65535, and a flood of spoofed sources
 * each trying one random port would then cost the report hundreds of megabytes; the first few ports
 * are kept in a short array instead, and only a source that tries many gets the bit set.
 */
final class DistinctPorts {

  private static final int FEW = 8;

  private short[] few = new short[0];
  private BitSet many;

  void add(int port) {
    if (many != null) {
      many.set(port);
      return;
    }
    for (short known : few) {
      if ((known & 0xffff) == port) {
        return;
      }
    }
    if (few.length < FEW) {
      few = Arrays.copyOf(few, few.length + 1);
      few[few.length - 1] = (short) port;
      return;
    }
    many = new BitSet();
    for (short known : few) {
      many.set(known & 0xffff);
    }
    many.set(port);
    few = null;
  }

  int count() {
    return many != null ? many.cardinality() : few.length;
  }
}
