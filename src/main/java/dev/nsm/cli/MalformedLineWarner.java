package dev.nsm.cli;

import dev.nsm.event.Fact;
import dev.nsm.report.LogText;
import dev.nsm.source.FactSink;
import java.io.PrintWriter;

/**
 * Passes a replay on to the monitor and warns about each malformed line on stderr as {@code
 * FILE:LINE: warning: reason}, so the user sees where to look while the run goes on. The monitor
 * counts the lines for the report and logs them.
 */
final class MalformedLineWarner implements FactSink {

  private final FactSink monitor;
  private final PrintWriter err;

  MalformedLineWarner(FactSink monitor, PrintWriter err) {
    this.monitor = monitor;
    this.err = err;
  }

  @Override
  public void accept(Fact fact) {
    monitor.accept(fact);
  }

  @Override
  public void malformed(String input, long line, String reason) {
    // The reason may quote the untrusted line: escaped, it can neither forge a line of its own
    // nor send control sequences to the terminal.
    err.println(LogText.escape(input + ":" + line + ": warning: " + reason));
    err.flush();
    monitor.malformed(input, line, reason);
  }

  @Override
  public void advanceTo(long micros) {
    monitor.advanceTo(micros);
  }
}
