package dev.nsm.bench;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.bench.engine.FactStream;
import dev.nsm.bench.engine.Rules;
import dev.nsm.report.SecurityReport;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The memory soak of issue 5: feeds a long deterministic stream of facts ({@link FactStream}:
 * benign clients, and every 2,000 facts a new attacker, so alerts, suppressions and alerting
 * sources are part of it) through the library facade with the bundled ruleset and policy, no log or
 * alerts file, in event time, and every {@code --every} facts measures the heap used after a full
 * garbage collection together with what nsm says it holds: facts in the session, sources the report
 * tracks, suppression intervals remembered.
 *
 * <p>Verdicts, both needed for exit 0:
 *
 * <ul>
 *   <li><b>flat</b>: the largest heap after GC among the last half of the samples exceeds the
 *       largest among the first half by less than {@code --tolerance} per cent (default 5). The
 *       first half takes in the filling of the windows and of the source table; in steady state the
 *       heap after a full GC repeats to within half a per cent (docs/reliability.md), so 5 % leaves
 *       room for a hash table doubling inside Drools while still catching a leak of 10 MB per
 *       million events (the Drools 10.1 bug) once the last half is two million events or more. The
 *       slope over the last half, in bytes per thousand events, is printed too: on a short run it
 *       says more than the percentage.
 *   <li><b>within budget</b>: the heap above the monitor's empty state (built, before the first
 *       fact) divided by the entries it holds (live facts plus tracked sources), at the last
 *       sample, is under {@code --budget} bytes (default 2,048, issue 5's "2 KB per live event or
 *       tracked source"). Bytes per live fact alone are printed as well.
 * </ul>
 *
 * <pre>
 * bench/soak [--events 10000000] [--sources 100000] [--every N] [--rate F/S] [--max-facts N]
 *            [--tolerance 5] [--budget 2048] [--seed 1] [--rule all|RULE-ID]
 * </pre>
 *
 * Exits 0 when flat and within budget, 1 when not, 2 on bad usage or when {@code System.gc()} does
 * not collect (e.g. {@code -XX:+DisableExplicitGC}): then no figure would be after a GC.
 */
public final class Soak {

  private static final double MB = 1024.0 * 1024.0;

  private record Sample(
      long events,
      Duration eventTime,
      long liveFacts,
      long trackedSources,
      long suppressions,
      long evictedFacts,
      long alerts,
      long heapAfterGc,
      double wallSeconds) {}

  private Soak() {}

  public static void main(String[] args) throws Exception {
    long events = 10_000_000;
    int sources = 100_000;
    long every = 0; // events / 20
    double rate = 0; // FactStream.defaultRate(sources)
    int maxFacts = 0; // the facade's default
    double tolerance = 5;
    double budget = 2048;
    long seed = 1;
    String rule = Rules.ALL;
    if (args.length % 2 != 0) {
      usage("an option without its value: " + args[args.length - 1]);
    }
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1].replace("_", "");
      try {
        switch (args[i]) {
          case "--events" -> events = Long.parseLong(v);
          case "--sources" -> sources = Integer.parseInt(v);
          case "--every" -> every = Long.parseLong(v);
          case "--rate" -> rate = Double.parseDouble(v);
          case "--max-facts" -> maxFacts = Integer.parseInt(v);
          case "--tolerance" -> tolerance = Double.parseDouble(v);
          case "--budget" -> budget = Double.parseDouble(v);
          case "--seed" -> seed = Long.parseLong(v);
          case "--rule" -> rule = args[i + 1];
          default -> usage("unknown option " + args[i]);
        }
      } catch (NumberFormatException e) {
        usage("not a number for " + args[i] + ": " + args[i + 1]);
      }
    }
    if (every <= 0) {
      every = Math.max(1, events / 20);
    }
    if (events < 2 * every || sources < 1) {
      usage("need at least two samples (--events at least twice --every) and one source");
    }
    if (rate <= 0) {
      rate = FactStream.defaultRate(sources);
    }

    long[] alerts = {0};
    NetworkSecurityMonitor.Builder builder =
        NetworkSecurityMonitor.builder().log(null).alerts(null).onAlert(a -> alerts[0]++);
    if (maxFacts > 0) {
      builder.maxFacts(maxFacts);
    }
    if (!rule.equals(Rules.ALL)) {
      builder.rules(Rules.rulesetOf(Rules.enabled(rule).get(0)));
    }
    NetworkSecurityMonitor monitor = builder.build();
    FactStream stream = new FactStream(sources, rate, seed);
    long baseline = heapAfterGc();
    System.out.printf(
        Locale.ROOT,
        "soak: %s, %,d events from %,d sources at %,.0f facts/s of event time, sampled every"
            + " %,d; session holds at most %,d facts; max heap %.0f MB%n",
        rule.equals(Rules.ALL) ? "default ruleset" : "rule " + rule + " alone",
        events,
        sources,
        rate,
        every,
        monitor.maxFacts(),
        Runtime.getRuntime().maxMemory() / MB);
    System.out.printf(
        Locale.ROOT,
        "empty monitor (built, address table made): %.1f MB heap after GC%n%n",
        baseline / MB);
    System.out.printf(
        Locale.ROOT,
        "%12s %9s %10s %9s %8s %11s %7s %12s %8s %9s %8s%n",
        "events",
        "event s",
        "live facts",
        "sources",
        "suppr.",
        "evicted",
        "alerts",
        "heap GC MB",
        "B/fact",
        "B/entry",
        "wall s");

    List<Sample> samples = new ArrayList<>();
    long start = System.nanoTime();
    for (long i = 1; i <= events; i++) {
      monitor.accept(stream.next());
      if (i % every == 0) {
        SecurityReport report = monitor.generateReport(); // also fires what is pending
        Sample s =
            new Sample(
                i,
                Duration.between(report.firstEvent(), report.lastEvent()),
                monitor.liveFacts(),
                report.trackedSources(),
                monitor.suppressionEntries(),
                monitor.evictedFacts(),
                alerts[0],
                heapAfterGc(),
                (System.nanoTime() - start) / 1e9);
        samples.add(s);
        print(s, baseline);
      }
    }
    monitor.close();

    int half = samples.size() / 2;
    long firstMax =
        samples.subList(0, half).stream().mapToLong(Sample::heapAfterGc).max().orElse(0);
    long lastMax =
        samples.subList(half, samples.size()).stream()
            .mapToLong(Sample::heapAfterGc)
            .max()
            .orElse(0);
    double growth = 100.0 * (lastMax - firstMax) / firstMax;
    double slope = slope(samples.subList(half, samples.size())) * 1000;
    Sample last = samples.get(samples.size() - 1);
    double perEntry = perEntry(last, baseline);
    boolean flat = growth < tolerance;
    boolean withinBudget = perEntry < budget;
    double wall = last.wallSeconds();
    System.out.printf(
        Locale.ROOT,
        "%n%,d events in %.0f s (%,.0f facts/s by the wall clock, sampling included), %,d alerts%n",
        events,
        wall,
        events / wall,
        last.alerts());
    System.out.printf(
        Locale.ROOT,
        "heap after GC: first half max %.1f MB, last half max %.1f MB: %+.1f %% (tolerance %.0f %%);"
            + " last-half slope %+.0f bytes per 1,000 events%n",
        firstMax / MB,
        lastMax / MB,
        growth,
        tolerance,
        slope);
    System.out.printf(
        Locale.ROOT,
        "at the end: %.0f bytes per live fact or tracked source (budget %.0f), %.0f per live fact"
            + " alone, above the empty monitor's %.1f MB%n",
        perEntry,
        budget,
        perFact(last, baseline),
        baseline / MB);
    System.out.printf(
        Locale.ROOT,
        "verdict: %s, %s%n",
        flat ? "FLAT" : "NOT FLAT",
        withinBudget ? "WITHIN BUDGET" : "OVER BUDGET");
    System.exit(flat && withinBudget ? 0 : 1);
  }

  private static void print(Sample s, long baseline) {
    System.out.printf(
        Locale.ROOT,
        "%,12d %9d %,10d %,9d %,8d %,11d %,7d %12.1f %8.0f %9.0f %8.0f%n",
        s.events(),
        s.eventTime().toSeconds(),
        s.liveFacts(),
        s.trackedSources(),
        s.suppressions(),
        s.evictedFacts(),
        s.alerts(),
        s.heapAfterGc() / MB,
        perFact(s, baseline),
        perEntry(s, baseline),
        s.wallSeconds());
  }

  private static double perEntry(Sample s, long baseline) {
    long entries = s.liveFacts() + s.trackedSources();
    return entries == 0 ? 0 : (double) (s.heapAfterGc() - baseline) / entries;
  }

  private static double perFact(Sample s, long baseline) {
    return s.liveFacts() == 0 ? 0 : (double) (s.heapAfterGc() - baseline) / s.liveFacts();
  }

  /** Least-squares slope of heap after GC against events, in bytes per event. */
  private static double slope(List<Sample> samples) {
    int n = samples.size();
    if (n < 2) {
      return 0;
    }
    double mx = samples.stream().mapToDouble(Sample::events).average().orElse(0);
    double my = samples.stream().mapToDouble(Sample::heapAfterGc).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    for (Sample s : samples) {
      sxy += (s.events() - mx) * (s.heapAfterGc() - my);
      sxx += (s.events() - mx) * (s.events() - mx);
    }
    return sxy / sxx;
  }

  /**
   * Heap used right after a full collection. {@code System.gc()} is a full, stop-the-world
   * collection with G1 and Parallel (unless {@code -XX:+ExplicitGCInvokesConcurrent}); twice, so
   * objects freed by finalization or reference processing in the first are gone too.
   */
  private static long heapAfterGc() {
    for (int i = 0; i < 2; i++) {
      long before = collections();
      System.gc();
      if (collections() == before) {
        System.err.println(
            "soak: System.gc() did not collect (-XX:+DisableExplicitGC?): no figure would be after"
                + " a GC");
        System.exit(2);
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long collections() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  private static void usage(String problem) {
    System.err.println("soak: " + problem);
    System.err.println(
        "usage: bench/soak [--smoke] [--events N] [--sources N] [--every N] [--rate F/S]"
            + " [--max-facts N] [--tolerance PERCENT] [--budget BYTES] [--seed N] [--rule ID]");
    System.exit(2);
  }
}
