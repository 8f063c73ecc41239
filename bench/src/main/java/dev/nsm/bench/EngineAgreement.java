package dev.nsm.bench;

import dev.nsm.bench.engine.DroolsEngine;
import dev.nsm.bench.engine.Engine;
import dev.nsm.bench.engine.EsperEngine;
import dev.nsm.bench.engine.FactStream;
import dev.nsm.bench.engine.Rules;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Feeds the same fact stream through nsm (Drools) and the Esper statements, for the whole ruleset
 * and each rule alone, and checks that both raise the same alerts (rule and source, with counts).
 * Prints facts/s from one pass each, by the wall clock and per second of the feeding thread's CPU
 * time: on a shared machine the CPU figure moves much less with other people's load (it leaves out
 * garbage collection and JIT threads). Exits 1 if the engines disagree. CI runs it with few facts
 * as a smoke test.
 *
 * <pre>
 * bench/jmh --agree [--facts 200000] [--sources 100,100000] [--rules all,port-scan] [--rate F/S]
 * </pre>
 */
public final class EngineAgreement {

  private EngineAgreement() {}

  public static void main(String[] args) {
    long facts = 200_000;
    List<Integer> sourceCounts = List.of(100, 100_000);
    List<String> rules = new ArrayList<>();
    rules.add(Rules.ALL);
    Rules.DEFAULT.stream().filter(r -> !r.equals("multi-pattern-source")).forEach(rules::add);
    double rate = 0; // per source count: FactStream.defaultRate
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--facts" -> facts = Long.parseLong(v.replace("_", ""));
        case "--sources" ->
            sourceCounts = java.util.Arrays.stream(v.split(",")).map(Integer::valueOf).toList();
        case "--rules" -> rules = List.of(v.split(","));
        case "--rate" -> rate = Double.parseDouble(v);
        default -> {
          System.err.println("EngineAgreement: unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%-20s %8s %12s %12s %12s %12s %8s %8s %8s  %s%n",
        "rule",
        "sources",
        "drools f/s",
        "(per CPU s)",
        "esper f/s",
        "(per CPU s)",
        "ratio",
        "alerts",
        "(esper)",
        "agree");
    int disagreements = 0;
    for (int sources : sourceCounts) {
      for (String rule : rules) {
        DroolsEngine drools = new DroolsEngine(Rules.enabled(rule));
        EsperEngine esper = new EsperEngine(Rules.enabled(rule), drools.policy());
        double[] droolsRate = run(drools, sources, rate, facts);
        double[] esperRate = run(esper, sources, rate, facts);
        Map<String, Long> d = drools.alertsByRuleAndSource();
        Map<String, Long> e = esper.alertsByRuleAndSource();
        drools.close();
        esper.close();
        boolean agree = d.equals(e);
        System.out.printf(
            Locale.ROOT,
            "%-20s %8d %12.0f %12.0f %12.0f %12.0f %7.1fx %8d %8d  %s%n",
            rule,
            sources,
            droolsRate[0],
            droolsRate[1],
            esperRate[0],
            esperRate[1],
            esperRate[1] / droolsRate[1],
            sum(d),
            sum(e),
            agree ? "yes" : "NO");
        if (!agree) {
          disagreements++;
          TreeSet<String> keys = new TreeSet<>(d.keySet());
          keys.addAll(e.keySet());
          int shown = 0;
          for (String k : keys) {
            if (!d.getOrDefault(k, 0L).equals(e.getOrDefault(k, 0L)) && shown++ < 10) {
              System.out.printf(
                  "    %s: drools %d, esper %d%n", k, d.getOrDefault(k, 0L), e.getOrDefault(k, 0L));
            }
          }
        }
      }
    }
    System.out.println(
        disagreements == 0
            ? "engines agree on every alert"
            : disagreements + " configuration(s) where the engines DISAGREE");
    System.exit(disagreements == 0 ? 0 : 1);
  }

  /** Facts/s by the wall clock and per CPU second of this thread. */
  private static double[] run(Engine engine, int sources, double rate, long facts) {
    FactStream stream =
        new FactStream(sources, rate > 0 ? rate : FactStream.defaultRate(sources), 1);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (long i = 0; i < facts; i++) {
      engine.accept(stream.next());
    }
    engine.alertsByRuleAndSource(); // fire what is pending before the clock stops
    double wall = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
    return new double[] {facts / wall, facts / cpuSeconds};
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
