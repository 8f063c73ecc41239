package dev.nsm.engine;

import java.util.concurrent.CountDownLatch;

/**
 * What the test rule of {@link ShardedSessionsRunAheadTest} calls for an authentication attempt by
 * user {@code "gate"}: it holds the shard's thread until the gate opens, or fails like a broken
 * rule. Public, for the rule's generated class.
 */
public final class ShardGate {

  static volatile CountDownLatch open = new CountDownLatch(0);
  static volatile boolean fail;

  /** Called by the rule, on the thread of the shard that holds the attempt. */
  public static void pass(String source) {
    if (fail) {
      throw new IllegalStateException("the gate rule failed for " + source);
    }
    try {
      open.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static final String RULE =
      """
      package site.rules;
      import dev.nsm.event.AuthAttempt;

      rule "Gate"
          @id("gate") @severity("low") @scope("source")
      when
          $a : AuthAttempt(user == "gate") from entry-point "auth-attempts"
      then
          dev.nsm.engine.ShardGate.pass($a.source());
      end
      """;

  private ShardGate() {}
}
