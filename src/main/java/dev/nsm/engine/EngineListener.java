package dev.nsm.engine;

import dev.nsm.event.Alert;
import dev.nsm.event.Fact;

/** What the engine tells the outputs. Called on the session's own thread. */
public interface EngineListener {

  /** A rule raised an alert that was not suppressed. */
  void onAlert(Alert alert);

  /** A repeat of (rule, source) inside its suppression interval: counted, not raised. */
  void onSuppressed(String ruleId, String source);

  /** A fact older than the session clock: inserted as it is, and counted. */
  void onLate(Fact fact);
}
