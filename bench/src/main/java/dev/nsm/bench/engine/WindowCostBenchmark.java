package dev.nsm.bench.engine;

import dev.nsm.NetworkSecurityMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * What one windowed rule costs per fact in a Drools stream-mode session, whatever it detects: the
 * floor under every rule of the default ruleset's form. {@code rules} copies of the form (a trigger
 * in a 1 ms window, a count of the trigger's source over a sliding {@code window}, a threshold no
 * source reaches, so nothing fires) read the benchmark's fact stream through nsm's facade. {@code
 * rules=0} keeps one rule that reads connections and matches none, so facts are still inserted,
 * held and deleted: nsm and Drools without a window.
 *
 * <p>Each copy differs in a constant, so Drools shares no node between them. The difference between
 * {@code rules=N} and {@code rules=0}, divided by N, is the price of one trigger window, one
 * counting window and one accumulate per fact; docs/performance.md compares it with what the
 * targets allow.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx4g", "-XX:+UseParallelGC"})
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
public class WindowCostBenchmark {

  static final int BATCH = 1_000;

  @Param({"0", "1", "2", "4"})
  public int rules;

  @Param({"100000"})
  public int sources;

  /** The counting window of each rule, a DRL duration. */
  @Param({"1s"})
  public String window;

  /** Seconds of event time fed before measuring. */
  @Param({"10"})
  public int fillSeconds;

  private NetworkSecurityMonitor monitor;
  private FactStream stream;
  private Path ruleset;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ruleset = Files.createTempDirectory("nsm-window-cost");
    Files.writeString(ruleset.resolve("window-cost.drl"), drl(rules, window));
    monitor = NetworkSecurityMonitor.builder().log(null).alerts(null).rules(ruleset).build();
    double rate = FactStream.defaultRate(sources);
    stream = new FactStream(sources, rate, 1);
    for (long i = (long) (rate * fillSeconds); i > 0; i--) {
      monitor.accept(stream.next());
    }
  }

  /** The ruleset: one rule that matches no connection, and {@code rules} windowed counts. */
  static String drl(int rules, String window) {
    StringBuilder drl =
        new StringBuilder(
            """
            package nsm.bench;

            import dev.nsm.event.Connection;

            rule "Reads connections, matches none"
                @id("none") @severity("low")
            when
                Connection(srcPort == -1) from entry-point "connections"
            then
            end
            """);
    for (int i = 0; i < rules; i++) {
      // srcPort != -(i + 2) holds for every connection; it only keeps the copies apart.
      String distinct = "srcPort != -" + (i + 2);
      drl.append(
          """

          rule "Windowed count %1$d"
              @id("count-%1$d") @severity("low")
          when
              $c : Connection($src : source, %2$s) over window:time(1ms)
                   from entry-point "connections"
              accumulate(Connection(source == $src, %2$s) over window:time(%3$s)
                         from entry-point "connections";
                         $n : count(); $n > 1000000)
          then
          end
          """
              .formatted(i, distinct, window));
    }
    return drl.toString();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    System.out.printf(
        "%nwindow cost: %d rules, %d sources: %d facts%n", rules, sources, stream.produced());
    monitor.close();
    try (var files = Files.list(ruleset)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(ruleset);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void facts() {
    for (int i = 0; i < BATCH; i++) {
      monitor.accept(stream.next());
    }
  }
}
