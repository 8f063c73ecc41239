package dev.nsm.bench.engine;

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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What producing the benchmark's facts costs alone, so that it can be told apart from the engines'
 * figures (it is included in them).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class FactStreamBenchmark {

  @Param({"100", "100000"})
  public int sources;

  private FactStream stream;

  @Setup(Level.Trial)
  public void setUp() {
    stream = new FactStream(sources, FactStream.defaultRate(sources), 1);
  }

  @Benchmark
  @OperationsPerInvocation(EngineBenchmark.BATCH)
  public void next(Blackhole sink) {
    for (int i = 0; i < EngineBenchmark.BATCH; i++) {
      sink.consume(stream.next());
    }
  }
}
