package dev.nsm.bench.capture;

/**
 * An address on the synthetic network, with the bytes the writer needs precomputed: a generator
 * builds each host once and reuses it for every packet, so that writing allocates nothing.
 */
final class Host {

  final byte[] address;
  final byte[] mac;
  final boolean v6;

  /** One's complement partial sum of the address, for the TCP/UDP pseudo header. */
  final long addressSum;

  private Host(byte[] address) {
    this.address = address;
    this.v6 = address.length == 16;
    // Locally administered unicast MAC derived from the address, so each host keeps one MAC.
    this.mac = new byte[6];
    mac[0] = 0x02;
    int n = Math.min(5, address.length);
    System.arraycopy(address, address.length - n, mac, 6 - n, n);
    this.addressSum = Checksums.sum(address, 0, address.length);
  }

  static Host v4(int address) {
    return new Host(
        new byte[] {
          (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
        });
  }

  /** An IPv6 host from its two 64-bit halves. */
  static Host v6(long high, long low) {
    byte[] a = new byte[16];
    for (int i = 0; i < 8; i++) {
      a[i] = (byte) (high >>> (56 - 8 * i));
      a[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return new Host(a);
  }

  static int v4(int a, int b, int c, int d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
  }

  /**
   * The address as nsm writes it: dotted quad, or RFC 5952 text for IPv6. Written here rather than
   * calling nsm's IpAddress: the generator runs without nsm on its class path, and the ground truth
   * it writes should not come from the code it checks.
   */
  String text() {
    if (!v6) {
      return (address[0] & 0xff)
          + "."
          + (address[1] & 0xff)
          + "."
          + (address[2] & 0xff)
          + "."
          + (address[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int g = 0; g < 8; g++) {
      groups[g] = ((address[2 * g] & 0xff) << 8) | (address[2 * g + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int g = 0; g < 8; ) {
      if (groups[g] != 0) {
        g++;
        continue;
      }
      int start = g;
      while (g < 8 && groups[g] == 0) {
        g++;
      }
      if (g - start > bestLength) {
        bestStart = start;
        bestLength = g - start;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int g = 0; g < 8; g++) {
      if (g == bestStart) {
        out.append("::");
        g += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[g]));
    }
    return out.toString();
  }
}
