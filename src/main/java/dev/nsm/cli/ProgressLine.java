package dev.nsm.cli;

import dev.nsm.event.Fact;
import dev.nsm.source.FactSink;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress line on stderr for long replays, rewritten in place about once a second: facts so far,
 * how much of the capture input is read, the rate, event time reached and alerts so far. Only used
 * when a terminal is attached; the replay itself never depends on the wall clock.
 */
final class ProgressLine implements FactSink {

  static final long EVERY_NANOS = 1_000_000_000L;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final FactSink next;
  private final PrintWriter err;
  private final LongSupplier captureBytesRead;
  private final long captureBytes;
  private final LongSupplier alerts;
  private final long everyNanos;
  private final long started = System.nanoTime();
  private long facts;
  private long shownAt = started;
  private boolean shown;

  /**
   * @param captureBytesRead bytes of the capture files read so far (read from another thread: an
   *     estimate is enough)
   * @param captureBytes total size of the capture files, 0 when there are none
   */
  ProgressLine(
      FactSink next,
      PrintWriter err,
      LongSupplier captureBytesRead,
      long captureBytes,
      LongSupplier alerts,
      long everyNanos) {
    this.everyNanos = everyNanos;
    this.next = next;
    this.err = err;
    this.captureBytesRead = captureBytesRead;
    this.captureBytes = captureBytes;
    this.alerts = alerts;
  }

  @Override
  public void accept(Fact fact) {
    next.accept(fact);
    if ((++facts & 1023) == 0) {
      long now = System.nanoTime();
      if (now - shownAt >= everyNanos) {
        shownAt = now;
        show(fact.micros(), now);
      }
    }
  }

  private void show(long eventMicros, long now) {
    double seconds = (now - started) / 1e9;
    StringBuilder line = new StringBuilder("\rnsm run: ").append(facts).append(" facts");
    if (captureBytes > 0) {
      long percent = Math.min(100, 100 * captureBytesRead.getAsLong() / captureBytes);
      line.append(", ").append(percent).append("% of the capture");
    }
    line.append(String.format(Locale.ROOT, ", %.0f facts/s", facts / seconds))
        .append(", at ")
        .append(TIME.format(Instant.ofEpochSecond(0, eventMicros * 1000)))
        .append(", ")
        .append(alerts.getAsLong())
        .append(" alerts ");
    err.print(line);
    err.flush();
    shown = true;
  }

  /** Clears the line so the summary that follows starts clean. */
  void finish() {
    if (shown) {
      err.print("\r" + " ".repeat(100) + "\r");
      err.flush();
    }
  }

  @Override
  public void malformed(String input, long line, String reason) {
    next.malformed(input, line, reason);
  }

  @Override
  public void advanceTo(long micros) {
    next.advanceTo(micros);
  }
}
