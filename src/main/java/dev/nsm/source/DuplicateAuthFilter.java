package dev.nsm.source;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Fact;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts one authentication try once when two inputs saw it: a failed FTP login is both a {@code
 * 530} in the capture and a {@code FAIL LOGIN} line in vsftpd's log. An attempt is dropped when
 * another input already delivered one with the same source address, service, user and outcome
 * within the tolerance; each attempt cancels at most one other, so ten real tries stay ten.
 *
 * <p>Memory is bounded: only attempts younger than the tolerance are remembered, and at most {@code
 * maxRemembered} of them.
 */
public final class DuplicateAuthFilter implements FactSink {

  /**
   * Logs have whole seconds while captures have microseconds, and servers delay a failure's answer
   * on purpose: vsftpd answers {@code 530} about 3 s after PAM logs the failure.
   */
  public static final long DEFAULT_TOLERANCE_MICROS = 5_000_000L;

  private static final class Seen {
    final String key;
    final long micros;
    final String input;
    boolean matched;

    Seen(String key, long micros, String input) {
      this.key = key;
      this.micros = micros;
      this.input = input;
    }
  }

  private final FactSink next;
  private final long toleranceMicros;
  private final int maxRemembered;
  private final Deque<Seen> arrivals = new ArrayDeque<>();
  private final Map<String, Deque<Seen>> byKey = new HashMap<>();
  private long duplicates;

  public DuplicateAuthFilter(FactSink next, long toleranceMicros, int maxRemembered) {
    this.next = next;
    this.toleranceMicros = toleranceMicros;
    this.maxRemembered = maxRemembered;
  }

  public DuplicateAuthFilter(FactSink next) {
    this(next, DEFAULT_TOLERANCE_MICROS, 100_000);
  }

  @Override
  public void accept(Fact fact) {
    if (fact instanceof AuthAttempt attempt && isDuplicate(attempt)) {
      duplicates++;
      return;
    }
    next.accept(fact);
  }

  @Override
  public void malformed(String input, long line, String reason) {
    next.malformed(input, line, reason);
  }

  /** Attempts dropped because another input had already reported them. */
  public long duplicates() {
    return duplicates;
  }

  /** Attempts remembered for matching; never more than the bound. */
  public int remembered() {
    return arrivals.size();
  }

  private boolean isDuplicate(AuthAttempt attempt) {
    forgetOlderThan(attempt.micros() - toleranceMicros);
    String key =
        attempt.srcIp()
            + '\u0000'
            + attempt.service()
            + '\u0000'
            + attempt.user()
            + '\u0000'
            + attempt.outcome();
    String input = attempt.origin().name();
    Deque<Seen> same = byKey.computeIfAbsent(key, k -> new ArrayDeque<>());
    for (Seen earlier : same) {
      if (!earlier.matched
          && !earlier.input.equals(input)
          && Math.abs(attempt.micros() - earlier.micros) <= toleranceMicros) {
        earlier.matched = true;
        return true;
      }
    }
    Seen seen = new Seen(key, attempt.micros(), input);
    same.addLast(seen);
    arrivals.addLast(seen);
    return false;
  }

  /** Both queues are in arrival order, so the oldest arrival heads its key's queue too. */
  private void forgetOlderThan(long micros) {
    while (!arrivals.isEmpty()
        && (arrivals.peekFirst().micros < micros || arrivals.size() >= maxRemembered)) {
      Seen oldest = arrivals.pollFirst();
      Deque<Seen> same = byKey.get(oldest.key);
      same.pollFirst();
      if (same.isEmpty()) {
        byKey.remove(oldest.key);
      }
    }
  }
}
