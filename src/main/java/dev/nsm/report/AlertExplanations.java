package dev.nsm.report;

import dev.nsm.event.Alert;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerts of a run kept for {@code nsm run --explain}, each with its evidence. At most {@code
 * cap} are kept, the first raised, so an endless stream cannot exhaust memory; {@code unlisted}
 * counts the rest, whose evidence is in the alerts file all the same.
 *
 * @param alerts the first alerts raised, in the order raised
 * @param unlisted alerts raised after the first {@code cap}
 * @param cap the most alerts kept
 */
public record AlertExplanations(List<Alert> alerts, long unlisted, int cap) {

  /** The most alerts a run explains. */
  public static final int DEFAULT_CAP = 1_000;

  public AlertExplanations {
    alerts = List.copyOf(alerts);
  }

  /** Keeps the first alerts as they are raised; hand {@link #accept} to the monitor's onAlert. */
  public static final class Collector implements AlertSink {
    private final int cap;
    private final List<Alert> kept = new ArrayList<>();
    private long unlisted;

    public Collector(int cap) {
      this.cap = cap;
    }

    @Override
    public synchronized void accept(Alert alert) {
      if (kept.size() < cap) {
        kept.add(alert);
      } else {
        unlisted++;
      }
    }

    public synchronized AlertExplanations explanations() {
      return new AlertExplanations(kept, unlisted, cap);
    }
  }
}
