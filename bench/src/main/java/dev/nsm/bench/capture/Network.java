package dev.nsm.bench.capture;

/**
 * The hosts of the synthetic network: clients (a share of them IPv6, each in its own /64, since nsm
 * counts IPv6 sources per /64) and servers of each kind on both address families. Which servers a
 * client uses is fixed per client, so that no benign client talks to enough hosts or ports to look
 * like a sweep or a scan.
 */
final class Network {

  /** Kinds of server, also the third octet of their IPv4 addresses. */
  static final int WEB = 1;

  static final int DNS = 2;
  static final int SSH = 3;
  static final int MAIL = 4;
  static final int FTP = 5;
  static final int NTP = 6;

  /** Web servers a client visits at most; far below port-sweep's 25 hosts. */
  static final int WEB_SERVERS_PER_CLIENT = 3;

  final Host[] clients;
  final int[] clientRtt;
  private final Host[][] serversV4 = new Host[7][];
  private final Host[][] serversV6 = new Host[7][];

  Network(int clientCount, int webServers, int ipv6Percent) {
    clients = new Host[clientCount];
    clientRtt = new int[clientCount];
    for (int i = 0; i < clientCount; i++) {
      long h = mix(i, 0x5eed);
      if (Math.floorMod(h, 100) < ipv6Percent) {
        // 2001:db8:1XXX:YYYY::1 — one /64 per client.
        long high = 0x20010db800000000L | ((0x1000L + (i >>> 16)) << 16) | (i & 0xffff);
        clients[i] = Host.v6(high, 1);
      } else {
        clients[i] = Host.v4(Host.v4(10, 64, 0, 0) + i + 1);
      }
      // Round-trip times from the sensor: LAN clients under a millisecond, remote ones up to 120.
      long r = Math.floorMod(mix(i, 0x477), 100);
      clientRtt[i] = r < 30 ? 200 + (int) (r * 20) : 2_000 + (int) ((r - 30) * 1_700);
    }
    int[] counts = new int[7];
    counts[WEB] = webServers;
    counts[DNS] = 4;
    counts[SSH] = 16;
    counts[MAIL] = 6;
    counts[FTP] = 2;
    counts[NTP] = 2;
    for (int kind = 1; kind < 7; kind++) {
      serversV4[kind] = new Host[counts[kind]];
      serversV6[kind] = new Host[counts[kind]];
      for (int s = 0; s < counts[kind]; s++) {
        serversV4[kind][s] = Host.v4(Host.v4(10, 1, 0, 0) + (kind << 12) + s + 1);
        serversV6[kind][s] = Host.v6(0x20010db800020000L | kind, s + 1);
      }
    }
  }

  int serverCount(int kind) {
    return serversV4[kind].length;
  }

  Host server(int kind, int index, boolean v6) {
    return (v6 ? serversV6 : serversV4)[kind][index];
  }

  /** The server of {@code kind} client {@code c} uses; {@code pick} chooses among its few. */
  Host serverFor(int c, int kind, int pick) {
    Host[] pool = (clients[c].v6 ? serversV6 : serversV4)[kind];
    if (kind == WEB) {
      // Popular sites are visited more: a skewed choice, fixed per client and pick.
      double u = (Math.floorMod(mix(c, 17 + pick % WEB_SERVERS_PER_CLIENT), 1_000_000)) / 1e6;
      return pool[(int) (pool.length * u * u)];
    }
    return pool[(int) Math.floorMod(mix(c, 31 + kind), pool.length)];
  }

  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
