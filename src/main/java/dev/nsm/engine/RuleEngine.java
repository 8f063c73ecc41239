package dev.nsm.engine;

import dev.nsm.event.Fact;
import dev.nsm.event.NearMiss;
import java.util.List;

/**
 * The rules running in event time over a stream of facts: one {@link StreamSession}, or several
 * sharded by source ({@link ShardedSessions}). Both raise the same alerts in the same order for the
 * same input; see {@link StreamSession} for how event time drives a session.
 *
 * <p>Not thread-safe: one thread feeds it.
 */
public interface RuleEngine extends AutoCloseable {

  /**
   * Inserts a connection attempt, its outcome or an authentication attempt, keyed by the policy's
   * source key.
   *
   * @return the fact as inserted, or {@code null} when its source is on the global allow-list
   */
  Fact insert(Fact fact);

  /**
   * Moves event time forward without a fact: pending rules fire, then windows and suppressions that
   * end before {@code millis} close. Earlier times are ignored: the clock never goes back.
   */
  void advanceTo(long millis);

  /** Fires the rules for every fact inserted so far and delivers their alerts. */
  void fire();

  /** Event time, epoch milliseconds: the newest fact's or heartbeat's. */
  long clock();

  /** Facts of every kind still held (events still inside some window). */
  long liveFacts();

  /** Facts deleted before their windows ended, to hold no more than the cap. */
  long evictedFacts();

  /** Facts held at most. */
  int maxFacts();

  /** Suppression intervals remembered; bounded by how many sources alerted recently. */
  int suppressionEntries();

  /** Every near miss remembered, by rule id, then closest to its threshold, then earliest. */
  List<NearMiss> nearMisses();

  /** The near miss of (rule, source key), or {@code null} if it alerted or nothing was counted. */
  NearMiss nearMiss(String ruleId, String source);

  /** (rule, source) pairs the near-miss tables dropped to stay within their capacity. */
  long nearMissesEvicted();

  /** How many (rule, source) pairs the near-miss tables remember at most. */
  int nearMissCapacity();

  @Override
  void close();
}
