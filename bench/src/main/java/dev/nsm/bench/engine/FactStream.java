package dev.nsm.bench.engine;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Connection;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;
import dev.nsm.event.Transport;
import java.util.SplittableRandom;

/**
 * An endless, deterministic stream of connection and authentication facts for the engine
 * benchmarks, in event-time order at a fixed mean rate.
 *
 * <p>Benign facts (about 99 %) come from {@code sources} client addresses: TCP to three web servers
 * of their own on 443 or 80, DNS over UDP to one resolver, and now and then a login (ssh, ftp or
 * http), 5 % of which fail. With few sources each one is busy (at 2,000 facts/s and 100 sources, 20
 * attempts/s each, like a NAT gateway), so high-frequency and the auth rules fire for them too;
 * with 100 k sources they stay quiet. Every {@link #EPISODE_EVERY} facts an attacker from a fresh
 * address starts one of five episodes, interleaved with the benign traffic: a vertical scan, a
 * sweep, a flood, an unusual port, or a brute force that ends in a success.
 *
 * <p>Address strings are built once per source, so producing a fact costs one record (measured by
 * {@code EngineBenchmark.streamOnly}).
 */
public final class FactStream {

  /** Facts between the starts of two attack episodes. */
  public static final int EPISODE_EVERY = 2_000;

  private static final long START_MICROS = 1_795_168_800_000_000L; // 2026-11-20T10:00:00Z
  private static final int WEB_SERVERS = 64;
  private static final String[] SERVICES = {"ssh", "ftp", "http"};
  private static final int[] SERVICE_PORTS = {22, 21, 80};

  private final SplittableRandom random;
  private final String[] sourceIps;
  private final String[] webServers = new String[WEB_SERVERS];
  private final String[] resolvers = {"10.0.0.53", "10.0.0.54", "10.0.0.55", "10.0.0.56"};
  private final double meanGapMicros;
  private final Origin origin = Origin.call(0);

  private long micros = START_MICROS;
  private long produced;
  private int episodes;

  // The episode in progress: its attacker, kind and how many facts it still has to give.
  private String attacker;
  private int kind;
  private int step;
  private int steps;
  private String victim;

  /**
   * The event-time rate the benchmarks use for {@code sources} clients: one fact per second each up
   * to 2,000 sources (a small busy network), then 2,000 facts/s shared by all of them (about the
   * connection attempts of the generated 10 M-packet capture; 100 k sources make one every 50 s
   * each).
   */
  public static double defaultRate(int sources) {
    return Math.min(2_000, sources);
  }

  public FactStream(int sources, double factsPerSecond, long seed) {
    this.random = new SplittableRandom(seed);
    this.meanGapMicros = 1e6 / factsPerSecond;
    this.sourceIps = new String[sources];
    for (int i = 0; i < sources; i++) {
      int a = i + 1;
      sourceIps[i] = "10." + (64 + (a >>> 16)) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }
    for (int i = 0; i < WEB_SERVERS; i++) {
      webServers[i] = "10.1.16." + (i + 1);
    }
  }

  /** Facts produced so far. */
  public long produced() {
    return produced;
  }

  public Fact next() {
    // Uniform gaps with the mean asked for; whole microseconds, never backwards.
    micros += (long) (random.nextDouble() * 2 * meanGapMicros);
    produced++;
    if (produced % EPISODE_EVERY == 0) {
      startEpisode();
    }
    if (steps > 0 && random.nextInt(8) == 0) {
      return attack();
    }
    return benign();
  }

  private Fact benign() {
    int s = random.nextInt(sourceIps.length);
    String ip = sourceIps[s];
    int port = 32768 + random.nextInt(28232);
    int roll = random.nextInt(100);
    if (roll < 3) {
      int service = random.nextInt(SERVICES.length);
      AuthOutcome outcome = random.nextInt(20) == 0 ? AuthOutcome.FAILURE : AuthOutcome.SUCCESS;
      return AuthAttempt.of(
          micros,
          ip,
          webServers[s % WEB_SERVERS],
          SERVICE_PORTS[service],
          SERVICES[service],
          "user" + (s & 63),
          outcome,
          origin);
    }
    if (roll < 25) {
      return Connection.of(micros, ip, port, resolvers[s & 3], 53, Transport.UDP, origin);
    }
    // One of the source's three servers, a fixed choice per source.
    String server = webServers[(s * 7 + random.nextInt(3) * 13) % WEB_SERVERS];
    return Connection.of(micros, ip, port, server, roll < 85 ? 443 : 80, Transport.TCP, origin);
  }

  private void startEpisode() {
    episodes++;
    int n = episodes;
    attacker = "198." + (18 + ((n >>> 16) & 1)) + "." + ((n >>> 8) & 0xff) + "." + (n & 0xff);
    kind = n % 5;
    step = 0;
    victim = webServers[n % WEB_SERVERS];
    steps =
        switch (kind) {
          case 0 -> 40; // vertical scan: 40 ports of one host
          case 1 -> 40; // sweep: port 445 on 40 hosts
          case 2 -> 30; // flood: 30 SYNs to port 80
          case 3 -> 2; // unusual port: two connections to 4444
          default -> 8; // brute force: 7 ftp failures, then a success
        };
  }

  private Fact attack() {
    int i = step++;
    steps--;
    int port = 40000 + i;
    return switch (kind) {
      case 0 -> Connection.of(micros, attacker, port, victim, 1000 + i * 17, Transport.TCP, origin);
      case 1 ->
          Connection.of(
              micros,
              attacker,
              port,
              "10.2." + (episodes & 0xff) + "." + (i + 1),
              445,
              Transport.TCP,
              origin);
      case 2 -> Connection.of(micros, attacker, port, victim, 80, Transport.TCP, origin);
      case 3 -> Connection.of(micros, attacker, port, victim, 4444, Transport.TCP, origin);
      default ->
          AuthAttempt.of(
              micros,
              attacker,
              victim,
              21,
              "ftp",
              "admin",
              steps == 0 ? AuthOutcome.SUCCESS : AuthOutcome.FAILURE,
              origin);
    };
  }
}
