package dev.nsm.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keeps a run going when one of its outputs cannot be written, without letting that pass quietly. A
 * write that fails is recorded and told at once to a listener (the command line prints it), the
 * other outputs and the report still get every alert, and the run ends with the failure ({@link
 * #first()}), so its exit status says that an output is incomplete.
 *
 * <p>A failed {@link WholeLineFile} fails every later write with the same exception, so each
 * failure is told once however many writes meet it.
 */
public final class OutputFailures {

  private final Consumer<IOException> listener;
  private final Set<IOException> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private final List<IOException> failures = new ArrayList<>();

  /**
   * @param listener told of each new failure, on the thread that met it
   */
  public OutputFailures(Consumer<IOException> listener) {
    this.listener = listener;
  }

  /** Runs a write to an output; a failure is recorded rather than thrown. */
  public void guard(Runnable write) {
    try {
      write.run();
    } catch (UncheckedIOException e) {
      record(e.getCause());
    }
  }

  /** Records a failure met outside {@link #guard}, e.g. on closing. */
  public synchronized void record(IOException failure) {
    if (seen.add(failure)) {
      failures.add(failure);
      listener.accept(failure);
    }
  }

  /** The first failure of the run, or {@code null}. */
  public synchronized IOException first() {
    return failures.isEmpty() ? null : failures.get(0);
  }
}
