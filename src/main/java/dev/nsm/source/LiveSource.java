package dev.nsm.source;

/** A source that runs until stopped: a live interface, a followed log. */
public interface LiveSource extends FactSource {

  /** Makes {@link #readInto} return soon. Safe from any thread (a signal handler). */
  void stop();
}
