package dev.nsm.decode;

import dev.nsm.event.AuthAttempt;
import java.util.Objects;

/**
 * One authentication attempt as one log line tells it, with how much that line can be trusted to
 * stand for a try of its own: daemons often log one try on two or three lines.
 *
 * @param attempt the attempt
 * @param kind how the line relates to the try it reports
 * @param session the process that logged it ({@code host/program[pid]}), or {@code null} when the
 *     line does not say; lines of one session belong to one client connection
 */
public record AuthEvidence(AuthAttempt attempt, Kind kind, String session) {

  /** How a line relates to the try it reports. */
  public enum Kind {
    /** The daemon's own verdict on one try (sshd's {@code Failed password}); always counts. */
    TRY,
    /**
     * Logged just before the daemon's verdict on the same try (PAM's {@code authentication
     * failure}, sshd's {@code Invalid user}); counts only when no verdict follows.
     */
    PRECURSOR,
    /**
     * A web server's error-log line about a request its access log also records (nginx's {@code
     * password mismatch}). Counts as a try unless that access log is read as well: the access log
     * is preferred, as it has one line per request and also records successes.
     */
    ERROR_LOG_COPY
  }

  public AuthEvidence {
    Objects.requireNonNull(attempt, "attempt");
    Objects.requireNonNull(kind, "kind");
  }
}
