package dev.nsm.engine;

import dev.nsm.event.Alert;
import dev.nsm.event.Fact;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * One session of {@link ShardedSessions} on a thread of its own. The reading thread fills its next
 * batch and hands it work through a bounded queue; the shard's thread does the work in order and
 * reports what the session told during each piece of it ({@link News}) to the reading thread.
 *
 * <p>The session belongs to the shard's thread, except while the shard is idle: the reading thread
 * reads it only after the shard reported all the work handed to it, and the queues order the two
 * threads' accesses (a hand-over happens before the work, the work before its report is taken).
 */
final class Shard implements EngineListener {

  final int index;
  final StreamSession session;
  private final BlockingQueue<Work> work;
  private final BlockingQueue<News> done;
  private final Thread thread;
  private Fact[] facts = new Fact[64];
  private long[] clocks = new long[64];
  private int size;
  private News news; // on the shard's thread: what the work in hand told

  /**
   * @param depth pieces of work queued at most
   * @param done where the shard reports each piece of work done, shared by all shards
   */
  Shard(CompiledRuleset rules, int maxFacts, int index, int depth, BlockingQueue<News> done) {
    this.index = index;
    this.session = new StreamSession(rules, this, maxFacts);
    this.work = new ArrayBlockingQueue<>(depth);
    this.done = done;
    this.thread = new Thread(this::work, "nsm-shard-" + index);
    thread.setDaemon(true); // a monitor never closed must not keep the JVM alive
    thread.start();
  }

  /** On the reading thread: a fact for the next batch, with the stream's clock when it came. */
  void add(Fact fact, long clock) {
    if (size == facts.length) {
      facts = Arrays.copyOf(facts, size * 2);
      clocks = Arrays.copyOf(clocks, size * 2);
    }
    facts[size] = fact;
    clocks[size++] = clock;
  }

  boolean hasFacts() {
    return size > 0;
  }

  /**
   * On the reading thread: the filled batch as work, the facts then the firing one session would do
   * at its end. The shard starts a new batch.
   */
  Consumer<StreamSession> takeBatch() {
    Fact[] batch = facts;
    long[] batchClocks = clocks;
    int batchSize = size;
    facts = new Fact[Math.max(64, batchSize)];
    clocks = new long[facts.length];
    size = 0;
    return s -> {
      for (int i = 0; i < batchSize; i++) {
        s.insertKeyed(batch[i], batchClocks[i]);
      }
      s.fire();
    };
  }

  /**
   * On the reading thread: queues work for the session, to be reported as part of {@code step}.
   * Never waits: the reading thread hands over no more steps than the queue holds.
   *
   * @param last whether the shard's thread ends after it
   */
  void give(ShardedSessions.Step step, Consumer<StreamSession> task, boolean last) {
    if (!work.offer(new Work(step, task, last))) {
      throw new IllegalStateException("shard " + index + " was given more work than it queues");
    }
    step.pending++;
  }

  /** Ends the shard's thread if it is still running: after its last work, or on a failure. */
  void stop() {
    thread.interrupt();
  }

  /** The shard's thread: each piece of work in turn, and a report of each, failed or not. */
  private void work() {
    try {
      boolean last = false;
      while (!last) {
        Work next = work.take();
        news = new News(next.step(), index);
        try {
          next.task().accept(session);
        } catch (Throwable t) { // reported, like any news; the next work still runs, as asked
          news.failure = t instanceof RuntimeException r ? r : new IllegalStateException(t);
        }
        news.evicted = session.evictedFacts();
        done.add(news);
        last = next.last();
      }
    } catch (InterruptedException e) {
      // stopped: the reading thread no longer waits for this shard
    }
  }

  @Override
  public void onAlert(Alert alert) {
    news.raised.add(new Raised(session.clock(), alert));
  }

  @Override
  public void onSuppressed(String ruleId, String source) {
    news.suppressed.add(new String[] {ruleId, source});
  }

  @Override
  public void onLate(Fact fact) {
    news.late.add(fact);
  }

  private record Work(ShardedSessions.Step step, Consumer<StreamSession> task, boolean last) {}

  /** What a shard's session told while doing one step's work, kept for the reading thread. */
  static final class News {
    final ShardedSessions.Step step;
    final int shard;
    final List<Raised> raised = new ArrayList<>();
    final List<String[]> suppressed = new ArrayList<>();
    final List<Fact> late = new ArrayList<>();
    long evicted;
    RuntimeException failure;

    News(ShardedSessions.Step step, int shard) {
      this.step = step;
      this.shard = shard;
    }
  }

  /**
   * An alert and the tick (session clock) at which its shard delivered it. Sorted stably, so alerts
   * that compare equal keep their shard's order.
   */
  record Raised(long tick, Alert alert) {
    static final Comparator<Raised> ORDER =
        Comparator.comparingLong(Raised::tick)
            .thenComparing(Raised::alert, StreamSession.DELIVERY_ORDER);
  }
}
