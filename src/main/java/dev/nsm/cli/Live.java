package dev.nsm.cli;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.source.FactSource;
import dev.nsm.source.FollowedAuthLog;
import dev.nsm.source.LiveCapture;
import dev.nsm.source.LiveCaptureException;
import dev.nsm.source.LiveCaptureSource;
import dev.nsm.source.LiveFeed;
import dev.nsm.source.LiveSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code nsm run --interface} and {@code --follow}: live inputs until Ctrl-C or SIGTERM. The signal
 * only stops the inputs; this thread then drains the session, and the caller writes alerts and the
 * report and flushes the log before the JVM exits.
 */
final class Live {

  /** Kernel counters are checked and logged this often, in event time. */
  private static final long STATS_EVERY_MICROS = 60_000_000L;

  private Live() {}

  /**
   * @param runFinished counted down by the caller once alerts and the report are written; a signal
   *     waits for it (at most 30 s) before the JVM exits
   */
  static int run(
      InputOptions inputs,
      NetworkSecurityMonitor monitor,
      PrintWriter err,
      CountDownLatch runFinished) {
    List<LiveSource> sources = new ArrayList<>();
    LiveCapture capture = null;
    if (inputs.liveInterface != null) {
      try {
        capture =
            LiveCapture.open(
                inputs.liveInterface,
                inputs.filter,
                inputs.snaplen,
                inputs.promiscuous,
                inputs.bufferMib);
      } catch (LiveCaptureException e) {
        err.println("nsm run: error: " + e.getMessage());
        err.flush();
        return ExitCode.INVALID_INPUT;
      }
      sources.add(
          new LiveCaptureSource(
              capture,
              new DropWatch(monitor, inputs.liveInterface),
              STATS_EVERY_MICROS,
              inputs.flowSettings()));
    }
    for (Path log : inputs.authLogs) {
      sources.add(new FollowedAuthLog(log, inputs.logYear, inputs.logZone));
    }
    LiveFeed feed = new LiveFeed(sources);
    Thread stopper =
        new Thread(
            () -> {
              feed.stop();
              try {
                // Let the run drain the session and write its outputs before the JVM exits.
                runFinished.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "nsm-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    err.println("nsm run: monitoring " + feed.name() + " (Ctrl-C stops)");
    err.flush();
    try {
      feed.readInto(new MalformedLineWarner(monitor, err));
      return ExitCode.OK;
    } catch (IOException e) {
      err.println("nsm run: error: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    } finally {
      if (capture != null) {
        capture.close();
      }
      InputSummary.report(monitor, err, List.<FactSource>copyOf(sources), 0, inputs.verbose);
      err.flush();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting because of the signal: the hook is running and waits for the run.
      }
    }
  }

  /** Logs the kernel counters and marks alerts raised while packets were being dropped. */
  private static final class DropWatch implements Consumer<LiveCapture.Stats> {
    private final NetworkSecurityMonitor monitor;
    private final String interfaceName;
    private long droppedBefore;

    DropWatch(NetworkSecurityMonitor monitor, String interfaceName) {
      this.monitor = monitor;
      this.interfaceName = interfaceName;
    }

    @Override
    public void accept(LiveCapture.Stats stats) {
      long dropped = stats.dropped() + stats.droppedByInterface();
      monitor.captureDropping(dropped > droppedBefore);
      droppedBefore = dropped;
      monitor.note(
          "capture "
              + interfaceName
              + ": "
              + stats.received()
              + " received, "
              + stats.dropped()
              + " dropped by the kernel, "
              + stats.droppedByInterface()
              + " by the interface");
    }
  }
}
