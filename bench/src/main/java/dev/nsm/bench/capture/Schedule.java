package dev.nsm.bench.capture;

import java.util.Arrays;

/**
 * Packets of the flows in progress, earliest first. Flows are scripted whole when they start, so
 * this holds only the packets of flows active at the current time: memory stays flat however long
 * the capture.
 *
 * <p>A binary heap over primitive keys (time since the first packet, then the order of scheduling)
 * kept beside the packets: sifting compares longs in one array instead of chasing packet objects,
 * which made the whole generator several times faster.
 */
final class Schedule {

  private static final int ORDER_BITS = 22;
  private static final long ORDER_MASK = (1L << ORDER_BITS) - 1;

  private final long base;
  private long[] keys = new long[1 << 14];
  private Packet[] packets = new Packet[1 << 14];
  private int size;
  private long order;
  private long pendingAttackPackets;

  /** {@code baseMicros}: no packet is earlier. */
  Schedule(long baseMicros) {
    this.base = baseMicros;
  }

  void add(Packet p) {
    long relative = p.micros - base;
    if (relative < 0 || relative >= 1L << (63 - ORDER_BITS)) {
      throw new IllegalArgumentException("packet time outside the schedule: " + p.micros);
    }
    // Ties within one microsecond keep scheduling order (modulo 2^22, far more than can tie).
    long key = (relative << ORDER_BITS) | (order++ & ORDER_MASK);
    if (p.attack) {
      pendingAttackPackets++;
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      packets = Arrays.copyOf(packets, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (keys[parent] <= key) {
        break;
      }
      keys[i] = keys[parent];
      packets[i] = packets[parent];
      i = parent;
    }
    keys[i] = key;
    packets[i] = p;
  }

  /** Time of the earliest packet, or Long.MAX_VALUE when none is waiting. */
  long peekMicros() {
    return size == 0 ? Long.MAX_VALUE : packets[0].micros;
  }

  Packet poll() {
    if (size == 0) {
      return null;
    }
    Packet first = packets[0];
    int n = --size;
    long key = keys[n];
    Packet moved = packets[n];
    packets[n] = null;
    int i = 0;
    int half = n >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < n && keys[right] < keys[child]) {
        child = right;
      }
      if (key <= keys[child]) {
        break;
      }
      keys[i] = keys[child];
      packets[i] = packets[child];
      i = child;
    }
    if (n > 0) {
      keys[i] = key;
      packets[i] = moved;
    }
    if (first.attack) {
      pendingAttackPackets--;
    }
    return first;
  }

  long pendingAttackPackets() {
    return pendingAttackPackets;
  }

  int size() {
    return size;
  }
}
