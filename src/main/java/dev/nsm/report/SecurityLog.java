package dev.nsm.report;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.nsm.event.Alert;
import dev.nsm.event.Evidence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * {@code security_monitor.log}: one line per alert and per run event, exactly {@code YYYY-MM-DD
 * HH:MM:SS - LEVEL - MESSAGE} (UTC, the time of writing). Written by logback through an appender of
 * its own, on a logger of its own that does not pass events on to the root logger, so the
 * application's logging configuration neither sees nor changes these lines.
 *
 * <p>Every message is escaped with {@link LogText#escape} as a whole, so no input can start a line.
 * An alert's message reads, for example:
 *
 * <pre>
 * [port-scan] source=198.51.100.23 time=2026-11-25T08:40:01.123456Z severity=high
 *   id=... count=15 threshold=15 suppressed=0 dst=203.0.113.10 msg=15 distinct ports ...
 * </pre>
 *
 * (on one line), with the free-text summary last after {@code msg=} so the key=value pairs before
 * it can be parsed reliably. Low alerts are logged at INFO, medium at WARN, high and critical at
 * ERROR.
 *
 * <p>Logback writes each line with one write call to a {@link WholeLineFile}, so a full disk never
 * leaves half a line; and since logback stops an appender quietly when a write fails, every method
 * here checks the file afterwards and throws {@link UncheckedIOException}: a log that cannot be
 * written must not pass unnoticed. On opening, a torn last line left by an interrupted run is kept
 * and ended with a line break, and an alert whose id the log already holds (a re-run of the same
 * input) is not logged again.
 */
public final class SecurityLog implements AlertSink {

  static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss, UTC} - %level - %msg%n";
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  /** The fields of an alert line before its free text, as {@link #describe} writes them. */
  private static final Pattern ALERT_LINE =
      Pattern.compile(
          "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d - [A-Z]+ - \\[[^\\]\\s]+\\] .* id=(\\S+) ");

  private final Logger logger;
  private final OutputStreamAppender<ILoggingEvent> appender;
  private final WholeLineFile out;
  private final Set<String> written;
  private final String repaired;
  private final Pseudonyms pseudonyms;
  private long skipped;

  private SecurityLog(
      Logger logger,
      OutputStreamAppender<ILoggingEvent> appender,
      WholeLineFile out,
      Set<String> written,
      String repaired,
      Pseudonyms pseudonyms) {
    this.pseudonyms = pseudonyms;
    this.logger = logger;
    this.appender = appender;
    this.out = out;
    this.written = written;
    this.repaired = repaired;
  }

  /**
   * Opens the log for appending, creating it with mode 0600 if absent (and setting 0600 if not).
   *
   * @throws IOException if the path is a symbolic link or not a regular file, or cannot be opened
   */
  public static SecurityLog open(Path file) throws IOException {
    return open(file, null);
  }

  /**
   * Opens the log as {@link #open(Path)} does, writing every address in it as its pseudonym.
   *
   * @param pseudonyms replaces every address in every line; {@code null} for none
   */
  public static SecurityLog open(Path file, Pseudonyms pseudonyms) throws IOException {
    // We open the file ourselves, not logback's FileAppender, so that the 0600 create mode and the
    // refusal of symbolic links apply to the very open that logback then writes through.
    WholeLineFile out = WholeLineFile.open(file);
    String repaired;
    Set<String> written;
    try {
      repaired = endTornLine(out);
      written = WrittenAlertIds.read(file, SecurityLog::idOf);
    } catch (IOException e) {
      out.close();
      throw e;
    }
    LoggerContext context = loggerContext();
    int instance = INSTANCES.incrementAndGet();

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();

    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("nsm-security-log-" + instance);
    appender.setEncoder(encoder);
    appender.setImmediateFlush(true);
    appender.setOutputStream(out);
    appender.start();
    if (!appender.isStarted()) {
      out.close();
      throw new IOException("could not start the security log appender for " + file);
    }

    Logger logger = context.getLogger("nsm.security." + instance);
    logger.setAdditive(false);
    logger.setLevel(Level.INFO);
    logger.addAppender(appender);
    return new SecurityLog(logger, appender, out, written, repaired, pseudonyms);
  }

  private static String endTornLine(WholeLineFile out) throws IOException {
    long torn = out.unterminatedTail();
    if (torn == 0) {
      return null;
    }
    out.endTornLine();
    return out.path()
        + " ended in a partial line of "
        + torn
        + " bytes, left by an interrupted run: it was kept and ended with a line break";
  }

  /** The id of an alert line, or {@code null} for any other line. */
  static String idOf(String line) {
    // Only the fields before the free text count: a message cannot pass for an alert's id.
    int text = line.indexOf(" msg=");
    Matcher alert = ALERT_LINE.matcher(text < 0 ? line : line.substring(0, text + 1));
    return alert.find() ? alert.group(1) : null;
  }

  /** The application's logback context, or a private one if SLF4J is bound to something else. */
  private static LoggerContext loggerContext() {
    return LoggerFactory.getILoggerFactory() instanceof LoggerContext shared
        ? shared
        : new LoggerContext();
  }

  /**
   * Logs the alert, unless the log already held an alert of this id when it was opened.
   *
   * @throws UncheckedIOException if the line cannot be written
   */
  @Override
  public void accept(Alert alert) {
    synchronized (this) {
      if (written.contains(alert.id())) {
        skipped++;
        return;
      }
    }
    log(levelOf(alert), describe(alert));
  }

  /** Alerts not logged because the log already held them (an earlier run of the same input). */
  public synchronized long alreadyWritten() {
    return skipped;
  }

  /** What was done to a torn last line found on opening, for the log; {@code null} if none. */
  public String repairedTornLine() {
    return repaired;
  }

  public void info(String message) {
    log(Level.INFO, message);
  }

  public void warn(String message) {
    log(Level.WARN, message);
  }

  public void error(String message) {
    log(Level.ERROR, message);
  }

  @Override
  public void close() throws IOException {
    appender.stop();
    logger.detachAppender(appender);
    out.close();
  }

  private void log(Level level, String message) {
    // No arguments are passed, so "{}" in the message is never substituted.
    String escaped = LogText.escape(message);
    // The line as written, escapes and all: no address in it can escape replacement.
    String line = pseudonyms == null ? escaped : pseudonyms.text(escaped);
    if (level == Level.ERROR) {
      logger.error(line);
    } else if (level == Level.WARN) {
      logger.warn(line);
    } else {
      logger.info(line);
    }
    IOException failure = out.failure();
    if (failure != null) {
      throw new UncheckedIOException(failure);
    }
  }

  static Level levelOf(Alert alert) {
    return switch (alert.severity()) {
      case LOW -> Level.INFO;
      case MEDIUM -> Level.WARN;
      case HIGH, CRITICAL -> Level.ERROR;
    };
  }

  /** The alert as one key=value line, free-text summary last; escaped later, as a whole. */
  static String describe(Alert alert) {
    Evidence evidence = alert.evidence();
    StringBuilder line = new StringBuilder(160);
    line.append('[').append(alert.ruleId()).append(']');
    line.append(" source=").append(alert.source());
    if (!alert.srcIp().equals(alert.source())) {
      line.append(" src_ip=").append(alert.srcIp());
    }
    line.append(" time=").append(EventTime.format(alert.micros()));
    line.append(" severity=").append(alert.severity().label());
    line.append(" id=").append(alert.id());
    line.append(" count=").append(evidence.count());
    line.append(" threshold=").append(evidence.threshold());
    line.append(" suppressed=").append(alert.suppressed());
    if (alert.dstIp() != null) {
      line.append(" dst=").append(alert.dstIp());
    }
    if (alert.dstPort() != 0) {
      line.append(" dst_port=").append(alert.dstPort());
    }
    line.append(" msg=").append(alert.message());
    return line.toString();
  }
}
