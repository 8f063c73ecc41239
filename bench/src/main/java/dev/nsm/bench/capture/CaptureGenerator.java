package dev.nsm.bench.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a synthetic capture: benign traffic from many clients to servers on standard ports, with
 * attacks injected at known times, and a ground-truth file naming every attacker and the alerts the
 * default ruleset must raise for it (and that benign sources must raise none). Output is the same
 * bytes for the same options and seed. Memory stays flat: only flows in progress are held.
 */
public final class CaptureGenerator {

  /**
   * What to generate.
   *
   * @param packets packets to write, exactly
   * @param seed the same seed gives the same capture
   * @param clients distinct benign client addresses
   * @param webServers web servers (other kinds of server are few and fixed)
   * @param packetsPerSecond event-time packet rate; lowered if the capture would be too short for
   *     its attacks
   * @param ipv6Percent share of clients on IPv6
   * @param rounds how many times the set of attacks is repeated, from fresh addresses
   * @param start event time of the first packet
   */
  public record Options(
      long packets,
      long seed,
      int clients,
      int webServers,
      double packetsPerSecond,
      int ipv6Percent,
      int rounds,
      Instant start) {

    /** Defaults scaled to the capture size: 100 k clients from 10 M packets. */
    public static Options forPackets(long packets, long seed) {
      int clients = (int) Math.max(1_000, Math.min(100_000, packets / 100));
      return new Options(
          packets,
          seed,
          clients,
          Math.max(20, Math.min(400, clients / 250)),
          20_000,
          5,
          (int) Math.max(1, Math.min(50, packets / 2_000_000)),
          Instant.parse("2026-11-20T10:00:00Z"));
    }
  }

  /** The shortest capture that holds its attacks: they start within its first 70 %. */
  static final double MIN_SECONDS = 120;

  /** What was written. */
  public record Result(
      long packets,
      long bytes,
      double seconds,
      double packetsPerSecond,
      long tcpSyn,
      long udp,
      long ipv6,
      int activeClients,
      List<Attacker> attackers) {}

  private CaptureGenerator() {}

  public static Result generate(Options o, Path pcap, Path truth) throws IOException {
    if (o.packets() < 10_000) {
      throw new IllegalArgumentException("at least 10000 packets, to hold the attacks");
    }
    double rate = Math.min(o.packetsPerSecond(), o.packets() / MIN_SECONDS);
    double seconds = o.packets() / rate;
    long startMicros = o.start().getEpochSecond() * 1_000_000L + o.start().getNano() / 1_000;

    SplittableRandom random = new SplittableRandom(o.seed());
    Network net = new Network(o.clients(), o.webServers(), o.ipv6Percent());
    Payloads payloads = new Payloads();
    Schedule schedule = new Schedule(startMicros);
    BenignTraffic benign = new BenignTraffic(net, payloads, schedule, random.split());
    Attacks attacks = new Attacks(net, payloads, schedule, random.split());

    int total = o.rounds() * Attacks.KINDS;
    for (int j = 0; j < total; j++) {
      double at = 0.02 + 0.68 * (total == 1 ? 0 : j / (double) (total - 1));
      attacks.launch(
          j / Attacks.KINDS, j % Attacks.KINDS, startMicros + (long) (seconds * at * 1e6));
    }

    long tcpSyn = 0;
    long udp = 0;
    long ipv6 = 0;
    long last = startMicros;
    SplittableRandom arrivals = random.split();
    try (OutputStream file = Files.newOutputStream(pcap);
        PcapWriter writer =
            new PcapWriter(new BufferedOutputStream(file, 1 << 16), new Filler(o.seed()))) {
      long nextFlow = startMicros;
      while (writer.packets() < o.packets()) {
        while (nextFlow <= schedule.peekMicros()) {
          benign.startFlow(nextFlow);
          // Poisson arrivals of flows, at the rate that gives the packet rate asked for.
          double mean = benign.packetsPerFlow() / rate * 1e6;
          nextFlow += (long) (-Math.log(1 - arrivals.nextDouble()) * mean) + 1;
        }
        Packet p = schedule.poll();
        writer.write(p);
        last = p.micros;
        if (p.flow.udp) {
          udp++;
        } else if (p.flags == Packet.SYN) {
          tcpSyn++;
        }
        if (p.flow.client.v6) {
          ipv6++;
        }
      }
      if (schedule.pendingAttackPackets() > 0) {
        throw new IllegalStateException(
            schedule.pendingAttackPackets()
                + " attack packets fell after the last packet: the capture is too short for its"
                + " attacks");
      }
      Result result =
          new Result(
              writer.packets(),
              writer.bytes(),
              (last - startMicros) / 1e6,
              rate,
              tcpSyn,
              udp,
              ipv6,
              benign.activeClients(),
              attacks.attackers());
      writeTruth(o, result, truth);
      return result;
    }
  }

  private static void writeTruth(Options o, Result r, Path truth) throws IOException {
    try (Writer w = Files.newBufferedWriter(truth, StandardCharsets.UTF_8)) {
      w.write("{\n");
      w.write("  \"generator\": \"dev.nsm.bench.GenerateCapture\",\n");
      w.write("  \"seed\": " + o.seed() + ",\n");
      w.write("  \"packets\": " + r.packets() + ",\n");
      w.write("  \"bytes\": " + r.bytes() + ",\n");
      w.write("  \"start\": \"" + o.start() + "\",\n");
      w.write(
          "  \"seconds\": " + String.format(java.util.Locale.ROOT, "%.3f", r.seconds()) + ",\n");
      w.write("  \"clients\": " + o.clients() + ",\n");
      w.write("  \"active_clients\": " + r.activeClients() + ",\n");
      w.write(
          "  \"mix\": {\"tcp_syn\": "
              + share(r.tcpSyn(), r.packets())
              + ", \"udp\": "
              + share(r.udp(), r.packets())
              + ", \"ipv6\": "
              + share(r.ipv6(), r.packets())
              + "},\n");
      w.write("  \"policy\": \"default\",\n");
      w.write(
          "  \"note\": \"Each attacker must raise exactly one alert for each rule it lists; no"
              + " other source may raise any.\",\n");
      w.write("  \"attackers\": [\n");
      List<Attacker> attackers = r.attackers();
      for (int i = 0; i < attackers.size(); i++) {
        Attacker a = attackers.get(i);
        w.write("    {\"ip\": \"" + a.ip() + "\", \"kind\": \"" + a.kind() + "\", ");
        w.write("\"rules\": [");
        for (int k = 0; k < a.rules().size(); k++) {
          w.write((k > 0 ? ", " : "") + "\"" + a.rules().get(k) + "\"");
        }
        w.write("], \"start\": \"" + instant(a.startMicros()) + "\", ");
        w.write("\"end\": \"" + instant(a.endMicros()) + "\", \"packets\": " + a.packets() + ", ");
        w.write("\"description\": \"" + a.description() + "\"}");
        w.write(i + 1 < attackers.size() ? ",\n" : "\n");
      }
      w.write("  ]\n}\n");
    }
  }

  private static String share(long part, long whole) {
    return String.format(java.util.Locale.ROOT, "%.4f", part / (double) whole);
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
  }
}
