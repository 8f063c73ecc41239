package dev.nsm.source;

import dev.nsm.decode.AuthEvidence;
import dev.nsm.decode.AuthLineResult;
import dev.nsm.decode.AuthLogParser;
import dev.nsm.decode.DuplicateTryMerger;
import dev.nsm.decode.LogContext;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream of auth log lines into a sink: parsing, merging of one try's several lines, and the
 * counts. {@link AuthLogSource} uses one per file, {@link FollowedAuthLog} one across rotations (a
 * try logged across a rotation is still one try), so both read a line alike.
 */
final class AuthLogLines {

  /** Running counts, shared by the line streams of one source. */
  static final class Tally {
    private long linesRead;
    private long attempts;
    private long irrelevant;
    private long malformed;
    private long merged;
    // The first few lines nobody understood, so that --verbose can show what a log held that nsm
    // ignored (a format it does not know, or a daemon's new wording). Bounded: a log is mostly
    // irrelevant lines.
    private final List<String> unrecognised = new ArrayList<>();

    AuthLogSource.Counts counts() {
      return new AuthLogSource.Counts(linesRead, attempts, irrelevant, malformed, merged);
    }

    /** The first {@link #SAMPLES} irrelevant lines as {@code "NUMBER: text"}, text cut short. */
    List<String> samplesOfUnrecognised() {
      synchronized (unrecognised) {
        return List.copyOf(unrecognised);
      }
    }

    private void irrelevant(BoundedLineReader.Line line) {
      irrelevant++;
      synchronized (unrecognised) {
        if (unrecognised.size() < SAMPLES) {
          String text = line.text();
          if (text.length() > SAMPLE_CHARS) {
            text = text.substring(0, SAMPLE_CHARS) + "...";
          }
          unrecognised.add(line.number() + ": " + text);
        }
      }
    }
  }

  /** How many irrelevant lines a tally keeps as samples, and how many characters of each. */
  static final int SAMPLES = 5;

  static final int SAMPLE_CHARS = 200;

  private final AuthLogParser parser;
  private final Tally tally;
  private final FactSink sink;
  private final boolean dropErrorLogCopies;
  private final DuplicateTryMerger merger;
  private long lastEventMicros = Long.MIN_VALUE;

  /**
   * @param dropErrorLogCopies a web server's access log (nginx, Apache) is among the inputs, so the
   *     error log's copies of its failed tries are counted as merged, not as tries
   */
  AuthLogLines(AuthLogParser parser, Tally tally, FactSink sink, boolean dropErrorLogCopies) {
    this.parser = parser;
    this.tally = tally;
    this.sink = sink;
    this.dropErrorLogCopies = dropErrorLogCopies;
    this.merger =
        new DuplicateTryMerger(
            attempt -> {
              tally.attempts++;
              sink.accept(attempt);
            });
  }

  /** Reads one line of {@code file}; its number is the line's. */
  void take(BoundedLineReader.Line line, LogContext file) {
    tally.linesRead++;
    if (line.tooLong()) {
      tally.malformed++;
      sink.malformed(
          file.file(),
          line.number(),
          "line of "
              + line.length()
              + " characters is longer than the limit of "
              + AuthLogSource.MAX_LINE_CHARS);
      return;
    }
    AuthLineResult result = parser.parse(line.text(), file.atLine(line.number()));
    if (result instanceof AuthLineResult.Attempts found) {
      for (AuthEvidence evidence : found.evidence()) {
        lastEventMicros = Math.max(lastEventMicros, evidence.attempt().micros());
        if (dropErrorLogCopies && evidence.kind() == AuthEvidence.Kind.ERROR_LOG_COPY) {
          tally.merged++;
        } else {
          merger.accept(evidence);
        }
      }
    } else if (result instanceof AuthLineResult.Malformed bad) {
      tally.malformed++;
      sink.malformed(file.file(), line.number(), bad.reason());
    } else {
      tally.irrelevant(line);
    }
  }

  /** The latest event time of a try read so far, or {@link Long#MIN_VALUE} before the first. */
  long lastEventMicros() {
    return lastEventMicros;
  }

  /**
   * Event time has reached {@code micros} with no new line; see {@link DuplicateTryMerger}. The
   * sink hears of the time up to which every try has been let go, so that windows close and alerts
   * waiting for the next fact come out while the log is quiet.
   */
  void advanceTo(long micros) {
    sink.advanceTo(merger.advanceTo(micros));
  }

  /** The end of the lines: everything still waiting for a verdict goes to the sink. */
  void end() {
    merger.flush();
    tally.merged += merger.merged();
  }
}
