package dev.nsm.engine;

import dev.nsm.event.Alert;
import dev.nsm.event.Fact;
import dev.nsm.event.NearMiss;
import dev.nsm.policy.Policy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * Several stream sessions, each on a thread of its own, with every source's facts in one of them: a
 * source's key picks its shard. Every default rule counts the facts of one source (and
 * multi-pattern-source the alerts of one source), so each session sees all a rule needs, and the
 * cores share the work. A rule that compares different sources must not be sharded: {@link
 * CompiledRuleset#shardable()} says whether a ruleset can be.
 *
 * <p>The feeding thread keys each fact, appends it to its shard's batch and hands the batches over
 * at a tick boundary (a fact with a later timestamp than any before it), every {@value #BATCH}
 * facts or {@value #BATCH_MILLIS} ms of event time; while the shards work on one batch it fills the
 * next. Each shard fires at the end of its batch, exactly where one session would have fired, and
 * before taking a fact moves its clock to the newest time of the whole stream, so a fact late for
 * the stream is late in its shard too. The shards' alerts are merged in the order one session
 * delivers them (tick, then {@link StreamSession#DELIVERY_ORDER}): the same alerts in the same
 * order for any number of shards, however fast each thread runs.
 *
 * <p>Each shard holds at most its share of the facts cap, and remembers its own near misses: under
 * a flood that fills the cap, which facts are dropped depends on the number of shards.
 */
public final class ShardedSessions implements RuleEngine {

  /** Facts handed to the shards at most at once. */
  static final int BATCH = 4096;

  /** Event time a batch spans at most, so that alerts of a slow live stream are not held back. */
  static final long BATCH_MILLIS = 50;

  private final Policy policy;
  private final EngineListener listener;
  private final Shard[] shards;
  private final List<Future<?>> inFlight = new ArrayList<>();
  private boolean started;
  private long clock;
  private long batchStart;
  private int batched;
  private long evicted;

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
    int share = Math.max(1, maxFacts / shards);
    for (int i = 0; i < shards; i++) {
      this.shards[i] = new Shard(rules, share, i);
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
    if (!inFlight.isEmpty() && finished()) {
      awaitAndDeliver(); // without waiting for the next batch: alerts come out soon
    }
    return keyed;
  }

  private boolean finished() {
    for (Future<?> work : inFlight) {
      if (!work.isDone()) {
        return false;
      }
    }
    return true;
  }

  private int shardOf(String source) {
    return Math.floorMod(source.hashCode(), shards.length);
  }

  @Override
  public void advanceTo(long millis) {
    fire();
    if (!started || millis > clock) {
      started = true;
      clock = millis;
      batchStart = millis;
    }
    long to = clock;
    forEachShard(shard -> shard.session.advanceTo(to));
  }

  @Override
  public void fire() {
    dispatch();
    awaitAndDeliver();
  }

  /** Hands the batches over, after delivering what the shards raised from the previous ones. */
  private void dispatch() {
    awaitAndDeliver();
    for (Shard shard : shards) {
      if (shard.hasFacts()) {
        shard.swap();
        inFlight.add(shard.worker.submit(shard::run));
      }
    }
    batched = 0;
  }

  private void forEachShard(Consumer<Shard> task) {
    awaitAndDeliver();
    for (Shard shard : shards) {
      inFlight.add(shard.worker.submit(() -> task.accept(shard)));
    }
    awaitAndDeliver();
  }

  /** Waits for the shards' work in flight, then delivers its news in one session's order. */
  private void awaitAndDeliver() {
    if (inFlight.isEmpty()) {
      return;
    }
    try {
      for (Future<?> work : inFlight) {
        work.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the rules ran", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } finally {
      inFlight.clear();
    }
    evicted = sum(shard -> shard.session.evictedFacts());
    List<Raised> raised = new ArrayList<>();
    for (Shard shard : shards) {
      shard.news.late.forEach(listener::onLate);
      shard.news.suppressed.forEach(s -> listener.onSuppressed(s[0], s[1]));
      raised.addAll(shard.news.raised);
      shard.news.clear();
    }
    raised.sort(Raised.ORDER);
    raised.forEach(r -> listener.onAlert(r.alert()));
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

  /** As of the last batch delivered: read between batches, never while the shards work. */
  @Override
  public long evictedFacts() {
    return evicted;
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

  private long sum(ToLongFunction<Shard> value) {
    long sum = 0;
    for (Shard shard : shards) {
      sum += value.applyAsLong(shard);
    }
    return sum;
  }

  @Override
  public void close() {
    try {
      fire();
      forEachShard(shard -> shard.session.close());
    } finally {
      for (Shard shard : shards) {
        shard.worker.shutdownNow();
      }
    }
  }

  /**
   * An alert and the tick (session clock) at which its shard delivered it. Sorted stably, so alerts
   * that compare equal keep their shard's order.
   */
  private record Raised(long tick, Alert alert) {
    static final Comparator<Raised> ORDER =
        Comparator.comparingLong(Raised::tick)
            .thenComparing(Raised::alert, StreamSession.DELIVERY_ORDER);
  }

  /** What a shard's session told while it worked on a batch, kept for the feeding thread. */
  private static final class News implements EngineListener {
    final List<Raised> raised = new ArrayList<>();
    final List<String[]> suppressed = new ArrayList<>();
    final List<Fact> late = new ArrayList<>();
    StreamSession session;

    @Override
    public void onAlert(Alert alert) {
      raised.add(new Raised(session.clock(), alert));
    }

    @Override
    public void onSuppressed(String ruleId, String source) {
      suppressed.add(new String[] {ruleId, source});
    }

    @Override
    public void onLate(Fact fact) {
      late.add(fact);
    }

    void clear() {
      raised.clear();
      suppressed.clear();
      late.clear();
    }
  }

  /** One session, its thread, and the batch it is given next. */
  private static final class Shard {
    final StreamSession session;
    final ExecutorService worker;
    final News news;
    private Fact[] facts = new Fact[64];
    private long[] clocks = new long[64];
    private int size;
    private Fact[] working = new Fact[64];
    private long[] workingClocks = new long[64];
    private int workingSize;

    Shard(CompiledRuleset rules, int maxFacts, int index) {
      this.news = new News();
      this.session = new StreamSession(rules, news, maxFacts);
      news.session = session;
      this.worker =
          Executors.newSingleThreadExecutor(
              task -> {
                Thread thread = new Thread(task, "nsm-shard-" + index);
                thread.setDaemon(true); // a monitor never closed must not keep the JVM alive
                return thread;
              });
    }

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

    /** On the feeding thread, with no work in flight: the filled batch becomes the one to run. */
    void swap() {
      Fact[] filled = facts;
      long[] filledClocks = clocks;
      facts = working;
      clocks = workingClocks;
      working = filled;
      workingClocks = filledClocks;
      workingSize = size;
      size = 0;
    }

    /** On the shard's thread: the batch, then the firing one session would do at its end. */
    void run() {
      for (int i = 0; i < workingSize; i++) {
        session.insertKeyed(working[i], workingClocks[i]);
        working[i] = null;
      }
      workingSize = 0;
      session.fire();
    }
  }
}
