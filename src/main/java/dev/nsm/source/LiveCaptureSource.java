package dev.nsm.source;

import dev.nsm.decode.DecodeStats;
import dev.nsm.decode.FlowSettings;
import dev.nsm.decode.FlowStats;
import dev.nsm.decode.TrafficDecoder;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Connection facts from a live interface: {@link LiveCapture} feeding the same decoder as capture
 * files, on the capturing thread, which is also the thread that feeds the engine. Runs until {@link
 * #stop()}; when the link is idle it moves event time on through {@link FactSink#advanceTo}, so
 * windows close without traffic. Kernel counters are handed to a listener at most every {@code
 * statsEveryMicros} of event time.
 */
public final class LiveCaptureSource implements LiveSource {

  private final LiveCapture capture;
  private final Consumer<LiveCapture.Stats> statsListener;
  private final long statsEveryMicros;
  private final FlowSettings flows;
  private TrafficDecoder traffic;
  private volatile LiveCapture.Stats lastStats;

  public LiveCaptureSource(
      LiveCapture capture, Consumer<LiveCapture.Stats> statsListener, long statsEveryMicros) {
    this(capture, statsListener, statsEveryMicros, FlowSettings.DEFAULTS);
  }

  /** As above, with these flow table bounds. */
  public LiveCaptureSource(
      LiveCapture capture,
      Consumer<LiveCapture.Stats> statsListener,
      long statsEveryMicros,
      FlowSettings flows) {
    this.flows = flows;
    this.capture = capture;
    this.statsListener = statsListener;
    this.statsEveryMicros = statsEveryMicros;
  }

  @Override
  public String name() {
    return capture.interfaceName();
  }

  @Override
  public void readInto(FactSink sink) throws IOException {
    traffic = TrafficDecoder.standard(sink::accept, flows);
    String name = name();
    long[] frame = {0};
    long[] nextStats = {Long.MIN_VALUE};
    try {
      capture.run(
          new LiveCapture.Handler() {
            @Override
            public void packet(int linkType, long micros, byte[] data, int length) {
              traffic.onPacket(name, ++frame[0], linkType, micros, data, 0, length);
              report(micros);
            }

            @Override
            public void idle(long micros) {
              traffic.advanceTo(micros);
              sink.advanceTo(micros);
              report(micros);
            }

            private void report(long micros) {
              if (micros >= nextStats[0]) {
                nextStats[0] = micros + statsEveryMicros;
                LiveCapture.Stats stats = capture.stats();
                if (stats != null) {
                  statsListener.accept(stats);
                }
              }
            }
          });
    } finally {
      traffic.finish();
      LiveCapture.Stats stats = capture.stats();
      if (stats != null) {
        lastStats = stats;
        statsListener.accept(stats);
      }
    }
  }

  /** Ends {@link #readInto} after the packet at hand; safe from any thread (a signal handler). */
  @Override
  public void stop() {
    capture.stop();
  }

  /** The kernel's counters at the end of the capture, or null if libpcap could not say. */
  public LiveCapture.Stats kernelStats() {
    return lastStats;
  }

  public DecodeStats decodeStats() {
    return traffic == null ? null : traffic.decodeStats();
  }

  public FlowStats flowStats() {
    return traffic == null ? null : traffic.flowStats();
  }
}
