package dev.nsm.decode;

import dev.nsm.event.AuthAttempt;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Makes one try count once when a daemon logs it on several lines: sshd's {@code Failed password}
 * with PAM's {@code authentication failure} and {@code Invalid user} before it, login's {@code
 * FAILED LOGIN} with PAM's line three seconds earlier (PAM's fail delay).
 *
 * <p>Attempts leave in the order their lines came. A {@link AuthEvidence.Kind#PRECURSOR} waits up
 * to {@link #PRECURSOR_WAIT_MICROS} of event time for the verdict that replaces it: one from the
 * same process, or from the same address and user within {@link #SAME_TRY_MICROS}.
 */
public final class DuplicateTryMerger {

  /** PAM's fail delay is 2 s by default and login(1) adds its own; 5 s covers both. */
  static final long PRECURSOR_WAIT_MICROS = 5_000_000L;

  /** Without a process id, lines this close with the same address and user are one try. */
  static final long SAME_TRY_MICROS = 2_000_000L;

  // A file whose clock stands still (or runs backwards) never ages its precursors out; this many
  // waiting lines is far beyond any real interleaving and keeps memory bounded.
  static final int MAX_PENDING = 10_000;

  private final Consumer<AuthAttempt> out;
  private final ArrayDeque<AuthEvidence> pending = new ArrayDeque<>();
  private long merged;

  public DuplicateTryMerger(Consumer<AuthAttempt> out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Takes the evidence of one line. */
  public void accept(AuthEvidence evidence) {
    long now = evidence.attempt().micros();
    switch (evidence.kind()) {
      case TRY, ERROR_LOG_COPY -> {
        removePrecursorOf(evidence);
        pending.addLast(evidence);
      }
      case PRECURSOR -> pending.addLast(evidence);
    }
    releaseOlderThan(now - PRECURSOR_WAIT_MICROS);
    while (pending.size() > MAX_PENDING) {
      out.accept(pending.pollFirst().attempt());
    }
  }

  /**
   * Event time has reached {@code micros} with no new line: lets go the precursors no verdict can
   * replace any more. For a followed log that has gone quiet, whose last precursor would otherwise
   * wait for the next line.
   *
   * @return the time before which every try has now been let go: what the merger lets go later is
   *     no older
   */
  public long advanceTo(long micros) {
    long horizon = micros - PRECURSOR_WAIT_MICROS;
    releaseOlderThan(horizon);
    return horizon;
  }

  /** Lets everything still waiting go: the end of the input. */
  public void flush() {
    releaseOlderThan(Long.MAX_VALUE);
  }

  /** How many lines were recognised as repeating a try already counted. */
  public long merged() {
    return merged;
  }

  // All precursors of the verdict's own process go (sshd logs "Invalid user" and PAM's line for
  // one try); without a process match, at most one precursor with the same address and user.
  private void removePrecursorOf(AuthEvidence verdict) {
    boolean removed = false;
    Iterator<AuthEvidence> it = pending.iterator();
    while (it.hasNext()) {
      AuthEvidence candidate = it.next();
      if (candidate.kind() == AuthEvidence.Kind.PRECURSOR
          && candidate.session() != null
          && candidate.session().equals(verdict.session())
          && sameTry(candidate, verdict)) {
        it.remove();
        merged++;
        removed = true;
      }
    }
    if (removed) {
      return;
    }
    for (it = pending.iterator(); it.hasNext(); ) {
      AuthEvidence candidate = it.next();
      if (candidate.kind() == AuthEvidence.Kind.PRECURSOR && sameTry(candidate, verdict)) {
        it.remove();
        merged++;
        return;
      }
    }
  }

  private static boolean sameTry(AuthEvidence precursor, AuthEvidence verdict) {
    AuthAttempt a = precursor.attempt();
    AuthAttempt b = verdict.attempt();
    if (!a.srcIp().equals(b.srcIp()) || !a.service().equals(b.service())) {
      return false;
    }
    long gap = b.micros() - a.micros();
    if (gap < 0 || gap > PRECURSOR_WAIT_MICROS) {
      return false;
    }
    if (precursor.session() != null && precursor.session().equals(verdict.session())) {
      return true;
    }
    return gap <= SAME_TRY_MICROS && (a.user() == null || a.user().equals(b.user()));
  }

  private void releaseOlderThan(long micros) {
    // Order is kept: nothing leaves before the lines ahead of it in the file.
    while (!pending.isEmpty()
        && (pending.peekFirst().kind() != AuthEvidence.Kind.PRECURSOR
            || pending.peekFirst().attempt().micros() < micros)) {
      out.accept(pending.pollFirst().attempt());
    }
  }
}
