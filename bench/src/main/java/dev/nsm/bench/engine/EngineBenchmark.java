package dev.nsm.bench.engine;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Facts per second through the rules: nsm (Drools, through the library facade) and the same
 * detections in Esper, for each default rule alone (in a ruleset of its own) and the whole ruleset,
 * with 100 and 100 k distinct sources. One operation is one fact. The secondary result {@code
 * alerts} (alerts/s) shows the rules fire; it is not comparable between engines, which consume
 * different lengths of the stream in the same time ({@code EngineAgreement} compares their alerts
 * on the same facts).
 *
 * <p>The stream runs at {@code eventRate} facts per second of event time ({@link
 * FactStream#defaultRate} unless set), so windows hold what they would on a link of that rate, and
 * {@code fillSeconds} of it are fed before measuring.
 *
 * <p>Run with bench/jmh; see docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The collector nsm's launcher (target/nsm) runs with: the whole ruleset ran 1.7-2 times as many
// facts per second with it as with G1, the JVM's default (docs/performance.md, "JMH, by the wall
// clock").
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx4g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
public class EngineBenchmark {

  static final int BATCH = 1_000;

  @Param({"drools", "esper"})
  public String engine;

  @Param({
    "all",
    "unusual-port",
    "high-frequency",
    "auth-failures",
    "port-scan",
    "port-sweep",
    "brute-force-success"
  })
  public String rule;

  @Param({"100", "100000"})
  public int sources;

  /** Facts per second of event time; 0 means {@link FactStream#defaultRate}. */
  @Param({"0"})
  public double eventRate;

  /**
   * Seconds of event time fed before measuring, so that windows hold what they hold in a long run.
   * 60 fills port-scan's window; port-sweep's (5 min) needs 300, which takes minutes for the slower
   * configurations on a small machine: {@code -p fillSeconds=300} for steady-state figures.
   */
  @Param({"60"})
  public int fillSeconds;

  /**
   * nsm only: 0 runs one session on the feeding thread; N runs N sessions sharded by source, each
   * on a thread of its own, while the feeding thread produces and keys the facts.
   */
  @Param({"0"})
  public int shards;

  private Engine subject;
  private FactStream stream;

  /** Alerts raised, reported by JMH as a rate beside facts/s. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Alerts {
    public long alerts;

    @Setup(Level.Iteration)
    public void reset() {
      alerts = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    subject = open(engine, rule, shards);
    double rate = eventRate > 0 ? eventRate : FactStream.defaultRate(sources);
    stream = new FactStream(sources, rate, 1);
    for (long i = (long) (rate * fillSeconds); i > 0; i--) {
      subject.accept(stream.next());
    }
  }

  static Engine open(String engine, String rule) {
    return open(engine, rule, 0);
  }

  static Engine open(String engine, String rule, int shards) {
    DroolsEngine drools = new DroolsEngine(Rules.enabled(rule), shards);
    if (engine.equals("drools")) {
      return drools;
    }
    try (drools) {
      return new EsperEngine(Rules.enabled(rule), drools.policy());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf(
        "%n%s %s %d sources: %d facts, %d alerts%n",
        engine, rule, sources, stream.produced(), subject.alerts());
    subject.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void facts(Alerts counter) {
    long before = subject.alerts();
    for (int i = 0; i < BATCH; i++) {
      subject.accept(stream.next());
    }
    counter.alerts += subject.alerts() - before;
  }
}
