package dev.nsm.bench.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The injected attacks, each from its own source in 198.18.0.0/15 (the benchmarking range) or
 * 2001:db8:bad::/48, and the alerts the default policy must raise for it. Each attack lasts well
 * under the default suppression interval (10 minutes), so each expected (rule, attacker) pair
 * raises exactly one alert. Thresholds are the default policy's: unusual-port (any non-standard
 * port), high-frequency (6 TCP attempts within 1 s), port-scan (15 ports of one host within 60 s),
 * port-sweep (25 hosts on one port within 5 min), auth-failures (5 within 5 min),
 * brute-force-success (a success after 5 failures within 10 min), multi-pattern-source (2 of the
 * others within 1 h).
 */
final class Attacks {

  static final String UNUSUAL_PORT = "unusual-port";
  static final String HIGH_FREQUENCY = "high-frequency";
  static final String PORT_SCAN = "port-scan";
  static final String PORT_SWEEP = "port-sweep";
  static final String AUTH_FAILURES = "auth-failures";
  static final String BRUTE_FORCE_SUCCESS = "brute-force-success";
  static final String MULTI_PATTERN = "multi-pattern-source";

  /** Attacks in one round; each round uses fresh attacker addresses. */
  static final int KINDS = 9;

  /** The longest attack, so the capture can be made long enough to hold them all. */
  static final long LONGEST_MICROS = 30_000_000;

  private static final int[] OPEN_PORTS = {22, 80, 443};
  private static final int PRESENT_NET = 2;
  private static final int ABSENT_NET = 3;

  private final Network net;
  private final Payloads payloads;
  private final Schedule schedule;
  private final SplittableRandom random;
  private final List<Attacker> attackers = new ArrayList<>();

  Attacks(Network net, Payloads payloads, Schedule schedule, SplittableRandom random) {
    this.net = net;
    this.payloads = payloads;
    this.schedule = schedule;
    this.random = random;
  }

  List<Attacker> attackers() {
    return attackers;
  }

  /** Schedules attack {@code kind} of round {@code round} from {@code t}. */
  void launch(int round, int kind, long t) {
    switch (kind) {
      case 0 -> fastVerticalScan(round, t);
      case 1 -> slowVerticalScanV6(round, t);
      case 2 -> slowSweep(round, t);
      case 3 -> fastSweep(round, t);
      case 4 -> synFlood(round, t);
      case 5 -> unusualTcpPort(round, t);
      case 6 -> unusualUdpPort(round, t);
      case 7 -> ftpBruteForce(round, t);
      case 8 -> httpBruteForce(round, t);
      default -> throw new IllegalArgumentException("no attack kind " + kind);
    }
  }

  private Host attackerV4(int round, int kind) {
    return Host.v4(Host.v4(198, 18 + round / 256, round % 256, 10 + kind));
  }

  /** nmap -sS -p1-1024 at about 250 probes/s against one web server. */
  private void fastVerticalScan(int round, long t) {
    Host me = attackerV4(round, 0);
    Host target = net.server(Network.WEB, round % net.serverCount(Network.WEB), false);
    long start = t;
    int packets = 0;
    for (int port = 1; port <= 1024; port++) {
      packets += probe(me, target, port, t);
      t += 3_000 + random.nextInt(2_000);
    }
    record(
        me,
        "vertical-scan",
        "SYN scan of ports 1-1024 of " + target.text() + " at ~250/s",
        List.of(PORT_SCAN, HIGH_FREQUENCY, UNUSUAL_PORT, MULTI_PATTERN),
        start,
        t,
        packets);
  }

  /** A slow scan (2 probes/s, under high-frequency) of 40 ports, from IPv6. */
  private void slowVerticalScanV6(int round, long t) {
    Host me = Host.v6(0x20010db80bad0000L | round, 1 + 1);
    Host target = net.server(Network.WEB, (round + 1) % net.serverCount(Network.WEB), true);
    long start = t;
    int packets = 0;
    for (int i = 0; i < 40; i++) {
      packets += probe(me, target, 1000 + 37 * i, t);
      t += 500_000 + random.nextInt(20_000);
    }
    record(
        me,
        "slow-vertical-scan",
        "40 ports of " + target.text() + ", one probe every 0.5 s",
        List.of(PORT_SCAN, UNUSUAL_PORT, MULTI_PATTERN),
        start,
        t,
        packets);
  }

  /** SSH (a standard port) on 30 hosts, 2 per second: port-sweep and nothing else. */
  private void slowSweep(int round, long t) {
    Host me = attackerV4(round, 2);
    long start = t;
    int packets = 0;
    for (int i = 0; i < 30; i++) {
      packets += probe(me, sweepTarget(round, 0, i), 22, t);
      t += 500_000 + random.nextInt(20_000);
    }
    record(
        me,
        "slow-sweep",
        "tcp/22 on 30 hosts, 2 per second",
        List.of(PORT_SWEEP),
        start,
        t,
        packets);
  }

  /** SMB (not a standard port) on 60 hosts at 30 per second, like a worm. */
  private void fastSweep(int round, long t) {
    Host me = attackerV4(round, 3);
    long start = t;
    int packets = 0;
    for (int i = 0; i < 60; i++) {
      packets += probe(me, sweepTarget(round, 1, i), 445, t);
      t += 30_000 + random.nextInt(10_000);
    }
    record(
        me,
        "fast-sweep",
        "tcp/445 on 60 hosts at ~30/s",
        List.of(PORT_SWEEP, UNUSUAL_PORT, HIGH_FREQUENCY, MULTI_PATTERN),
        start,
        t,
        packets);
  }

  /** 400 SYNs to one web server's port 80 in 2 s, never completing a handshake. */
  private void synFlood(int round, long t) {
    Host me = attackerV4(round, 4);
    Host target = net.server(Network.WEB, (round + 2) % net.serverCount(Network.WEB), false);
    long start = t;
    int packets = 0;
    for (int i = 0; i < 400; i++) {
      Conversation c = attack(me, 1024 + random.nextInt(64000), target, 80, false, t);
      packets += c.syn().synAck().packets();
      t += 4_000 + random.nextInt(2_000);
    }
    record(
        me,
        "syn-flood",
        "400 half-open connections to " + target.text() + ":80 in ~2 s",
        List.of(HIGH_FREQUENCY),
        start,
        t,
        packets);
  }

  /** A reverse shell calling out... in: three sessions to tcp/4444, 5 s apart. */
  private void unusualTcpPort(int round, long t) {
    Host me = attackerV4(round, 5);
    Host target = net.server(Network.SSH, round % net.serverCount(Network.SSH), false);
    long start = t;
    int packets = 0;
    for (int i = 0; i < 3; i++) {
      Conversation c = attack(me, 40000 + random.nextInt(20000), target, 4444, false, t);
      packets +=
          c.handshake().client(64, null).server(900, null).client(200, null).close().packets();
      t += 5_000_000;
    }
    record(
        me,
        "unusual-tcp-port",
        "three sessions to tcp/4444 of " + target.text(),
        List.of(UNUSUAL_PORT),
        start,
        t,
        packets);
  }

  /** UDP to port 31337 (Back Orifice), answered. */
  private void unusualUdpPort(int round, long t) {
    Host me = attackerV4(round, 6);
    Host target = net.server(Network.WEB, (round + 3) % net.serverCount(Network.WEB), false);
    Conversation c = attack(me, 31337, target, 31337, true, t);
    byte[] ping = Payloads.ascii("*!*QWTY?");
    int packets = c.datagramExchange(ping, ping, -1, 2_000).packets();
    record(
        me,
        "unusual-udp-port",
        "udp/31337 to " + target.text(),
        List.of(UNUSUAL_PORT),
        t,
        c.now(),
        packets);
  }

  /** Hydra against FTP: 8 wrong passwords over 4 connections, then the right one. */
  private void ftpBruteForce(int round, long t) {
    Host me = attackerV4(round, 7);
    Host target = net.server(Network.FTP, round % net.serverCount(Network.FTP), false);
    long start = t;
    int packets = 0;
    int guess = 0;
    for (int connection = 0; connection < 5; connection++) {
      Conversation c = attack(me, 45000 + connection, target, 21, false, t);
      c.handshake().server(payloads.ftpBanner);
      boolean last = connection == 4;
      for (int attempt = 0; attempt < (last ? 1 : 2); attempt++) {
        c.client(payloads.ftpUserAdmin)
            .server(payloads.ftpPasswordRequired)
            .client(
                last ? Payloads.ascii("PASS s3cr3t-admin\r\n") : payloads.guessedPassword(guess++))
            .pause(last ? 0 : 1_000_000)
            .server(last ? payloads.ftpLoggedIn : payloads.ftpLoginFailed);
      }
      packets += c.client(payloads.ftpQuit).server(payloads.ftpGoodbye).close().packets();
      t = c.now() + 1_000_000;
    }
    record(
        me,
        "ftp-brute-force",
        "8 failed FTP logins as admin on " + target.text() + ", then a successful one",
        List.of(AUTH_FAILURES, BRUTE_FORCE_SUCCESS, MULTI_PATTERN),
        start,
        t,
        packets);
  }

  /** HTTP Basic guessing: 7 requests answered 401, on two keep-alive connections. */
  private void httpBruteForce(int round, long t) {
    Host me = attackerV4(round, 8);
    Host target = net.server(Network.WEB, (round + 4) % net.serverCount(Network.WEB), false);
    String host = "intranet" + round + ".example.com";
    long start = t;
    int packets = 0;
    int guess = 0;
    for (int connection = 0; connection < 2; connection++) {
      Conversation c = attack(me, 50000 + connection, target, 80, false, t);
      c.handshake();
      for (int i = 0; i < (connection == 0 ? 4 : 3); i++) {
        c.pause(400_000)
            .client(payloads.guessedBasicAuth(host, guess++))
            .server(payloads.httpUnauthorized);
      }
      packets += c.close().packets();
      t = c.now() + 1_000_000;
    }
    record(
        me,
        "http-brute-force",
        "7 failed HTTP Basic logins on " + target.text(),
        List.of(AUTH_FAILURES),
        start,
        t,
        packets);
  }

  /** One SYN; open ports answer SYN-ACK and the scanner resets, closed ones reset. */
  private int probe(Host me, Host target, int port, long t) {
    Conversation c = attack(me, 40000 + random.nextInt(20000), target, port, false, t);
    c.syn();
    if (!target.v6 && target.address[1] == ABSENT_NET) {
      return c.packets(); // no host behind the address: no answer
    }
    boolean open = false;
    for (int p : OPEN_PORTS) {
      open |= p == port;
    }
    if (open) {
      c.synAck().clientReset();
    } else {
      c.refuse();
    }
    return c.packets();
  }

  /** Hosts of the sweeps, in 10.2.0.0/16 (they answer) and 10.3.0.0/16 (nobody there). */
  private Host sweepTarget(int round, int sweep, int i) {
    int net = i % 2 == 0 ? PRESENT_NET : ABSENT_NET;
    return Host.v4(Host.v4(10, net, round % 256, 1 + i + 100 * sweep));
  }

  private Conversation attack(Host me, int port, Host target, int targetPort, boolean udp, long t) {
    Flow flow = new Flow(me, port, target, targetPort, udp);
    return new Conversation(flow, schedule, random, t, 30_000, true);
  }

  private void record(
      Host me,
      String kind,
      String description,
      List<String> rules,
      long start,
      long end,
      int packets) {
    attackers.add(
        new Attacker(me.text(), kind, description, List.copyOf(rules), start, end, packets));
  }
}
