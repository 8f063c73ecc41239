package dev.nsm.source;

import dev.nsm.event.Fact;

/** Receives what a source reads. */
public interface FactSink {

  /** A fact read from the input, in the order the input holds it. */
  void accept(Fact fact);

  /**
   * One input line that did not become a fact. Called exactly once per rejected line, so a sink
   * that counts these calls counts malformed lines.
   *
   * @param input the name of the input the line came from, as {@link FactSource#name()} gives it
   * @param line the 1-based line number
   * @param reason why the line was rejected, one line of text; may quote the input, which is
   *     untrusted, so escape it before writing it to a log
   */
  void malformed(String input, long line, String reason);

  /**
   * Event time has reached {@code micros} (epoch µs) with no new fact: a live source's heartbeat
   * when the link is idle, so windows and suppressions still close.
   */
  default void advanceTo(long micros) {}
}
