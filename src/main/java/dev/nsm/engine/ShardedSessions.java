package dev.nsm.engine;

import dev.nsm.event.Fact;
import dev.nsm.event.NearMiss;
import dev.nsm.policy.Policy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Several stream sessions, each on a thread of its own ({@link Shard}), with every source's facts
 * in one of them: a source's key picks its shard. Every default rule counts the facts of one source
 * (and multi-pattern-source the alerts of one source), so each session sees all a rule needs, and
 * the cores share the work. A rule that compares different sources must not be sharded: {@link
 * CompiledRuleset#shardable()} says whether a ruleset can be.
 *
 * <p>The feeding thread keys each fact, appends it to its shard's batch and hands the batches over
 * at a tick boundary (a fact with a later timestamp than any before it), every {@value #BATCH}
 * facts or {@value #BATCH_MILLIS} ms of event time. Each shard fires at the end of its batch,
 * exactly where one session would have fired, and before taking a fact moves its clock to the
 * newest time of the whole stream, so a fact late for the stream is late in its shard too.
 *
 * <p>The shards run ahead of each other: a few busy sources make one shard's batches slow while the
 * others have little to do, and a barrier per batch would leave those idle. Each hand-over (a
 * batch, or a heartbeat or close for every shard) is a step; a shard works through its steps in
 * order, and a step's news is released once every shard it went to has done it (the watermark),
 * oldest step first. Within a step the shards' alerts are merged in the order one session delivers
 * them (tick, then {@link StreamSession#DELIVERY_ORDER}): the same alerts in the same order for any
 * number of shards, however fast each thread runs. At most {@value #AHEAD} steps are out at once:
 * the feeding thread then waits for the oldest, so a slow shard holds the stream back and memory
 * stays bounded.
 *
 * <p>Each shard holds at most its share of the facts cap, and remembers its own near misses: under
 * a flood that fills the cap, which facts are dropped depends on the number of shards.
 */
public final class ShardedSessions implements RuleEngine {

  /** Facts handed to the shards at most at once. */
  static final int BATCH = 4096;

  /** Event time a batch spans at most, so that alerts of a slow live stream are not held back. */
  static final long BATCH_MILLIS = 50;

  /** Steps handed over but not yet released, at most. */
  static final int AHEAD = 4;

  private final Policy policy;
  private final EngineListener listener;
  private final Shard[] shards;
  private final BlockingQueue<Shard.News> done = new LinkedBlockingQueue<>();
  private final ArrayDeque<Step> unreleased = new ArrayDeque<>();
  private final long[] evicted;
  private boolean started;
  private long clock;
  private long batchStart;
  private int batched;
  private boolean closed;
  private RuntimeException failure;

  /**
   * @param shards how many sessions, each on a thread of its own
   * @param maxFacts facts held at most in all, shared evenly between the shards
   */
  public ShardedSessions(CompiledRuleset rules, EngineListener listener, int shards, int maxFacts) {
    if (shards < 1) {
      throw new IllegalArgumentException("at least one shard, got " + shards);
    }
    this.policy = rules.policy();
    this.listener = listener;
    this.shards = new Shard[shards];
    this.evicted = new long[shards];
    int share = Math.max(1, maxFacts / shards);
    for (int i = 0; i < shards; i++) {
      this.shards[i] = new Shard(rules, share, i, AHEAD, done);
    }
  }

  @Override
  public Fact insert(Fact fact) {
    Fact keyed = StreamSession.keyed(policy, fact);
    if (keyed == null) {
      return null;
    }
    long time = keyed.timestamp();
    if (!started) {
      started = true;
      clock = time;
      batchStart = time;
    } else if (time > clock) {
      if (batched >= BATCH || time - batchStart >= BATCH_MILLIS) {
        dispatch(); // a tick boundary: where one session would fire too
        batchStart = time;
      }
      clock = time;
    }
    shards[shardOf(keyed.source())].add(keyed, clock);
    batched++;
    release(); // without waiting for the next batch: alerts come out soon
    throwFailure(); // only now, with the fact taken: the caller need not wonder whether it was
    return keyed;
  }

  private int shardOf(String source) {
    return Math.floorMod(source.hashCode(), shards.length);
  }

  @Override
  public void advanceTo(long millis) {
    dispatch();
    if (!started || millis > clock) {
      started = true;
      clock = millis;
      batchStart = millis;
    }
    long to = clock;
    handOver(shard -> s -> s.advanceTo(to), false);
    drain(); // a heartbeat delivers all news so far: alerts of a quiet live link come out now
    throwFailure();
  }

  @Override
  public void fire() {
    dispatch();
    drain();
    throwFailure();
  }

  /** Hands the filled batches over as one step. */
  private void dispatch() {
    if (batched > 0) {
      handOver(shard -> shard.hasFacts() ? shard.takeBatch() : null, false);
      batched = 0;
    }
  }

  /**
   * Hands work to the shards as one step, once fewer than {@value #AHEAD} steps are out: otherwise
   * waits for the oldest, so that a slow shard holds the feeding thread back.
   *
   * @param work a shard's work, or {@code null} when it has none in this step
   */
  private void handOver(Function<Shard, Consumer<StreamSession>> work, boolean last) {
    if (closed) {
      throw new IllegalStateException("the sessions are closed");
    }
    release();
    while (unreleased.size() >= AHEAD) {
      awaitNews();
      release();
    }
    Step step = new Step(shards.length);
    for (Shard shard : shards) {
      Consumer<StreamSession> task = work.apply(shard);
      if (task != null) {
        shard.give(step, task, last);
      }
    }
    if (step.pending > 0) {
      unreleased.add(step);
    }
  }

  /** Waits until every step handed over is done, and releases them all. */
  private void drain() {
    release();
    while (!unreleased.isEmpty()) {
      awaitNews();
      release();
    }
  }

  /** Waits for a shard to report a step done. */
  private void awaitNews() {
    try {
      take(done.take());
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
  }

  private static IllegalStateException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new IllegalStateException("interrupted while the rules ran", e);
  }

  private void take(Shard.News news) {
    news.step.news[news.shard] = news;
    news.step.pending--;
  }

  /** Delivers the steps every shard concerned has done, oldest first, without waiting. */
  private void release() {
    for (Shard.News news = done.poll(); news != null; news = done.poll()) {
      take(news);
    }
    while (!unreleased.isEmpty() && unreleased.peek().pending == 0) {
      deliver(unreleased.poll());
    }
  }

  /**
   * Delivers a step's news in one session's order, as a barrier per step would have. A shard's
   * failure is kept, to be thrown at the end of the call that released it: the news of the shards
   * that went on is delivered all the same, and so is every later step's.
   */
  private void deliver(Step step) {
    List<Shard.Raised> raised = new ArrayList<>();
    for (Shard.News news : step.news) {
      if (news == null) {
        continue;
      }
      evicted[news.shard] = news.evicted;
      news.late.forEach(listener::onLate);
      news.suppressed.forEach(s -> listener.onSuppressed(s[0], s[1]));
      raised.addAll(news.raised);
      if (failure == null) {
        failure = news.failure;
      } else if (news.failure != null) {
        failure.addSuppressed(news.failure);
      }
    }
    raised.sort(Shard.Raised.ORDER);
    raised.forEach(r -> listener.onAlert(r.alert()));
  }

  /** Throws, once, what a shard failed with in the steps released so far. */
  private void throwFailure() {
    RuntimeException failed = failure;
    failure = null;
    if (failed != null) {
      throw failed;
    }
  }

  @Override
  public long clock() {
    return clock;
  }

  @Override
  public long liveFacts() {
    fire();
    return sum(shard -> shard.session.liveFacts());
  }

  /** As of the last step released. */
  @Override
  public long evictedFacts() {
    long sum = 0;
    for (long shardEvicted : evicted) {
      sum += shardEvicted;
    }
    return sum;
  }

  @Override
  public int maxFacts() {
    return (int) sum(shard -> shard.session.maxFacts());
  }

  @Override
  public int suppressionEntries() {
    fire();
    return (int) sum(shard -> shard.session.suppressionEntries());
  }

  @Override
  public List<NearMiss> nearMisses() {
    fire();
    List<NearMiss> all = new ArrayList<>();
    for (Shard shard : shards) {
      all.addAll(shard.session.nearMisses());
    }
    all.sort(NearMisses.NEAR_MISS_ORDER);
    return all;
  }

  @Override
  public NearMiss nearMiss(String ruleId, String source) {
    fire();
    return shards[shardOf(source)].session.nearMiss(ruleId, source);
  }

  @Override
  public long nearMissesEvicted() {
    fire();
    return sum(shard -> shard.session.nearMissesEvicted());
  }

  @Override
  public int nearMissCapacity() {
    return (int) sum(shard -> shard.session.nearMissCapacity());
  }

  /** Reads the sessions: only when every step is released, so no shard is working. */
  private long sum(ToLongFunction<Shard> value) {
    long sum = 0;
    for (Shard shard : shards) {
      sum += value.applyAsLong(shard);
    }
    return sum;
  }

  /**
   * Hands over the last batches and closes the sessions, delivering all the shards found even when
   * one of them failed; then throws a failure not yet thrown.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      dispatch();
      handOver(shard -> StreamSession::close, true);
      drain();
    } finally {
      closed = true;
      for (Shard shard : shards) {
        shard.stop();
      }
    }
    throwFailure();
  }

  /** One hand-over: what each shard given work in it reported, released once all have. */
  static final class Step {
    final Shard.News[] news;
    int pending;

    Step(int shards) {
      this.news = new Shard.News[shards];
    }
  }
}
