package dev.nsm.bench;

import dev.nsm.bench.capture.CaptureGenerator;
import dev.nsm.bench.capture.CaptureGenerator.Options;
import dev.nsm.bench.capture.CaptureGenerator.Result;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * Writes a synthetic benchmark capture and its ground truth.
 *
 * <pre>
 * java -cp target/nsm-bench.jar dev.nsm.bench.GenerateCapture --packets 10000000 --seed 1 \
 *     --out big.pcap --truth big.truth.json
 * </pre>
 *
 * Needs nothing but the JDK. See {@link CaptureGenerator} and docs/performance.md.
 */
public final class GenerateCapture {

  private GenerateCapture() {}

  public static void main(String[] args) throws Exception {
    long packets = 10_000_000;
    long seed = 1;
    Path out = null;
    Path truth = null;
    Integer clients = null;
    Double rate = null;
    Integer rounds = null;
    Integer ipv6 = null;
    Instant start = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        usage(0);
      }
      if (i + 1 >= args.length) {
        System.err.println("GenerateCapture: " + a + " needs a value");
        usage(2);
      }
      String v = args[++i];
      switch (a) {
        case "--packets" -> packets = Long.parseLong(v.replace("_", ""));
        case "--seed" -> seed = Long.parseLong(v);
        case "--out" -> out = Path.of(v);
        case "--truth" -> truth = Path.of(v);
        case "--clients" -> clients = Integer.parseInt(v);
        case "--rate" -> rate = Double.parseDouble(v);
        case "--rounds" -> rounds = Integer.parseInt(v);
        case "--ipv6-percent" -> ipv6 = Integer.parseInt(v);
        case "--start" -> start = Instant.parse(v);
        default -> {
          System.err.println("GenerateCapture: unknown option " + a);
          usage(2);
        }
      }
    }
    if (out == null) {
      System.err.println("GenerateCapture: --out is required");
      usage(2);
    }
    if (truth == null) {
      String name = out.getFileName().toString().replaceFirst("\\.pcap$", "");
      truth = out.resolveSibling(name + ".truth.json");
    }
    Options d = Options.forPackets(packets, seed);
    int c = clients != null ? clients : d.clients();
    Options o =
        new Options(
            packets,
            seed,
            c,
            Math.max(20, Math.min(400, c / 250)),
            rate != null ? rate : d.packetsPerSecond(),
            ipv6 != null ? ipv6 : d.ipv6Percent(),
            rounds != null ? rounds : d.rounds(),
            start != null ? start : d.start());
    long began = System.nanoTime();
    Result r = CaptureGenerator.generate(o, out, truth);
    double took = (System.nanoTime() - began) / 1e9;
    System.err.printf(
        Locale.ROOT,
        "wrote %s: %,d packets, %,d bytes, %.1f s of traffic at %.0f packets/s; %.2f %% TCP SYN,"
            + " %.2f %% UDP, %.2f %% IPv6; %,d active clients; %d attackers (%s)%n"
            + "generated in %.1f s, %.2f M packets/s%n",
        out,
        r.packets(),
        r.bytes(),
        r.seconds(),
        r.packetsPerSecond(),
        100.0 * r.tcpSyn() / r.packets(),
        100.0 * r.udp() / r.packets(),
        100.0 * r.ipv6() / r.packets(),
        r.activeClients(),
        r.attackers().size(),
        truth,
        took,
        r.packets() / took / 1e6);
  }

  private static void usage(int exit) {
    (exit == 0 ? System.out : System.err)
        .println(
            "usage: GenerateCapture --out FILE.pcap [--truth FILE.json] [--packets N (10000000)]"
                + " [--seed N (1)] [--clients N (packets/100, 1000..100000)] [--rate PACKETS/S"
                + " (20000)] [--rounds N (packets/2M)] [--ipv6-percent N (5)] [--start"
                + " 2026-11-20T10:00:00Z]");
    System.exit(exit);
  }
}
