package dev.nsm.decode;

import java.util.List;
import java.util.Objects;

/** What one log line says about authentication. */
public sealed interface AuthLineResult {

  /** The line reports one or more attempts (dovecot summarises several tries on one line). */
  record Attempts(List<AuthEvidence> evidence) implements AuthLineResult {
    public Attempts {
      evidence = List.copyOf(evidence);
      if (evidence.isEmpty()) {
        throw new IllegalArgumentException("no evidence");
      }
    }
  }

  /** Not about authentication (cron, kernel, session bookkeeping, ...). */
  record Irrelevant() implements AuthLineResult {}

  /**
   * Looks like an authentication line but cannot be read.
   *
   * @param reason one line of text; may quote the (untrusted) line
   */
  record Malformed(String reason) implements AuthLineResult {
    public Malformed {
      Objects.requireNonNull(reason, "reason");
    }
  }

  AuthLineResult IRRELEVANT = new Irrelevant();

  static AuthLineResult of(AuthEvidence evidence) {
    return new Attempts(List.of(evidence));
  }
}
