package dev.nsm.cli;

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.source.LiveCapture;
import dev.nsm.source.LiveCaptureException;
import dev.nsm.source.LiveCaptureSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code nsm run --interface}: captures until Ctrl-C or SIGTERM. The signal only stops the capture;
 * this thread then drains the session, and the caller writes alerts and the report and flushes the
 * log before the JVM exits.
 */
final class Live {

  /** Kernel counters are logged this often, in event time. */
  private static final long STATS_EVERY_MICROS = 60_000_000L;

  private Live() {}

  /**
   * @param runFinished counted down by the caller once alerts and the report are written; a signal
   *     waits for it (at most 30 s) before the JVM exits
   */
  static int capture(
      InputOptions inputs,
      NetworkSecurityMonitor monitor,
      PrintWriter err,
      CountDownLatch runFinished) {
    LiveCapture capture;
    try {
      capture =
          LiveCapture.open(inputs.liveInterface, inputs.filter, inputs.snaplen, inputs.promiscuous);
    } catch (LiveCaptureException e) {
      err.println("nsm run: error: " + e.getMessage());
      err.flush();
      return ExitCode.INVALID_INPUT;
    }
    LiveCaptureSource source =
        new LiveCaptureSource(
            capture,
            stats ->
                monitor.note(
                    "capture "
                        + inputs.liveInterface
                        + ": "
                        + stats.received()
                        + " received, "
                        + stats.dropped()
                        + " dropped by the kernel, "
                        + stats.droppedByInterface()
                        + " by the interface"),
            STATS_EVERY_MICROS);
    Thread stopper =
        new Thread(
            () -> {
              source.stop();
              try {
                // Let the run drain the session and write its outputs before the JVM exits.
                runFinished.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "nsm-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    err.println("nsm run: capturing on " + inputs.liveInterface + " (Ctrl-C stops)");
    err.flush();
    try (capture) {
      source.readInto(new MalformedLineWarner(monitor, err));
      return ExitCode.OK;
    } catch (IOException e) {
      err.println("nsm run: error: " + e.getMessage());
      return ExitCode.INVALID_INPUT;
    } finally {
      InputSummary.report(monitor, err, List.of(source), 0);
      err.flush();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting because of the signal: the hook is running and waits for the run.
      }
    }
  }
}
