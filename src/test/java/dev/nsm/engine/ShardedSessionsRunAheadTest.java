package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nsm.event.Alert;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Connection;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;
import dev.nsm.event.Transport;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.policy.Policy;
import dev.nsm.policy.PolicyLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shards that run ahead of each other: a shard held back, or failing, while the others go on still
 * gives one session's alerts in one session's order, and the feeding thread waits rather than queue
 * without limit. The bundled rules plus {@link ShardGate}'s rule, which holds or breaks the shard
 * of whichever source tries user "gate".
 */
class ShardedSessionsRunAheadTest {

  private static final long BASE_MILLIS = RuleHarness.BASE_MILLIS;

  /** One fact per millisecond: a batch is cut every {@link ShardedSessions#BATCH_MILLIS} facts. */
  private static final int FACTS = 3_000;

  private static final int PER_BATCH = (int) ShardedSessions.BATCH_MILLIS;

  /** Where the gate's attempt comes, alone in its batch's shard at its millisecond. */
  private static final int GATE_AT = 20 * PER_BATCH + 10;

  private static final String GATE_SOURCE = "198.51.100.200";

  private static CompiledRuleset rules;

  @AfterEach
  void openTheGate() {
    ShardGate.fail = false;
    ShardGate.open.countDown();
    ShardGate.open = new CountDownLatch(0);
  }

  @Test
  void aShardFarBehindHoldsTheFeederBackAfterAFewBatchesAndChangesNothing() throws Exception {
    List<Fact> facts = stream(GATE_AT);
    Recorder expected = oneSession(facts);

    ShardGate.open = new CountDownLatch(1);
    Recorder recorder = new Recorder();
    ShardedSessions sharded = new ShardedSessions(rules(), recorder, 2, 100_000);
    AtomicInteger taken = new AtomicInteger();
    Thread feeder =
        new Thread(
            () -> {
              for (Fact fact : facts) {
                sharded.insert(fact);
                taken.incrementAndGet();
              }
              sharded.fire();
            },
            "feeder");
    try {
      feeder.start();
      int heldBatch = GATE_AT / PER_BATCH;
      // A barrier per batch stops the feeder one batch after the held one, for good.
      awaitHeldBack(feeder, taken, (heldBatch + 2) * PER_BATCH);
      int takenWhileHeld = taken.get();
      List<String> releasedWhileHeld = List.copyOf(recorder.alerts);
      ShardGate.open.countDown();
      feeder.join();

      assertTrue(
          takenWhileHeld <= (heldBatch + 1 + ShardedSessions.AHEAD) * PER_BATCH,
          "at most " + ShardedSessions.AHEAD + " batches out: " + takenWhileHeld + " facts taken");
      assertTrue(!releasedWhileHeld.isEmpty(), "the batches before the held one were released");
      assertEquals(
          expected.alerts.subList(0, releasedWhileHeld.size()),
          releasedWhileHeld,
          "nothing after the held batch was released before it");
      expected.assertSameAs(recorder);
      assertEquals(expected.session.nearMisses(), sharded.nearMisses());
    } finally {
      ShardGate.open.countDown();
      feeder.join();
      sharded.close();
    }
  }

  @Test
  void aShardsFailureSurfacesOnceWhileTheOthersGoOnAndNothingIsLost() throws Exception {
    List<Fact> facts = stream(GATE_AT);
    Recorder expected = oneSession(facts);

    ShardGate.fail = true;
    Recorder recorder = new Recorder();
    ShardedSessions sharded = new ShardedSessions(rules(), recorder, 3, 100_000);
    List<RuntimeException> failures = new ArrayList<>();
    List<String> releasedAtFailure = new ArrayList<>();
    for (Fact fact : facts) {
      try {
        sharded.insert(fact);
      } catch (RuntimeException e) {
        failures.add(e);
        releasedAtFailure.addAll(recorder.alerts);
      }
    }
    try {
      sharded.fire();
    } catch (RuntimeException e) {
      failures.add(e);
      releasedAtFailure.addAll(recorder.alerts);
    }
    sharded.close();

    assertEquals(1, failures.size(), "thrown once: " + failures);
    assertTrue(causes(failures.get(0)).contains("the gate rule failed for " + GATE_SOURCE));
    // The failed shard drops the rest of its batch, as a session whose firing fails does; the
    // others lose nothing, however far ahead they ran.
    Predicate<String> otherShards =
        source -> Math.floorMod(source.hashCode(), 3) != Math.floorMod(GATE_SOURCE.hashCode(), 3);
    List<Alert> othersExpected = expected.alertsOf(otherShards);
    assertTrue(
        othersExpected.stream().anyMatch(a -> a.timestamp() > BASE_MILLIS + GATE_AT + PER_BATCH),
        "the other shards alert after the failure too");
    assertEquals(AlertLines.of(othersExpected), AlertLines.of(recorder.alertsOf(otherShards)));
    List<String> othersReleased =
        releasedAtFailure.stream().filter(a -> otherShards.test(a.split("\\|")[3])).toList();
    assertEquals(AlertLines.of(othersExpected).subList(0, othersReleased.size()), othersReleased);
  }

  @Test
  void aFailureOnClosingIsThrownAfterEverythingFoundIsDelivered() throws Exception {
    List<Fact> facts = stream(FACTS - 1); // the last batch, handed over by close
    Recorder expected = oneSession(facts);

    ShardGate.fail = true;
    Recorder recorder = new Recorder();
    ShardedSessions sharded = new ShardedSessions(rules(), recorder, 2, 100_000);
    facts.forEach(sharded::insert);
    RuntimeException failure = assertThrows(RuntimeException.class, sharded::close);

    assertTrue(causes(failure).contains("the gate rule failed for " + GATE_SOURCE));
    expected.assertSameAs(recorder);
  }

  /**
   * Waits until the feeder has taken more than {@code atLeast} facts and waits for the shards.
   * Fails if it waits for good before, or if a minute goes by (a failure, not a measure of speed:
   * the shards have a few hundred facts to work through).
   */
  private static void awaitHeldBack(Thread feeder, AtomicInteger taken, int atLeast)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (feeder.isAlive() && System.nanoTime() < deadline) {
      if (taken.get() > atLeast
          && feeder.getState() == Thread.State.WAITING
          && Arrays.stream(feeder.getStackTrace())
              .anyMatch(f -> f.getMethodName().equals("awaitNews"))) {
        return;
      }
      Thread.sleep(10);
    }
    fail("while a shard was held, the feeder took " + taken.get() + " facts, then waited");
  }

  private static String causes(Throwable e) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t).append('\n');
    }
    return messages.toString();
  }

  private static Recorder oneSession(List<Fact> facts) throws InvalidInputException {
    Recorder recorder = new Recorder();
    StreamSession session = new StreamSession(rules(), recorder, 100_000);
    facts.forEach(session::insert);
    session.fire();
    recorder.session = session;
    return recorder;
  }

  /** Sixty sources, five of them busy, one fact a millisecond, and the gate's attempt. */
  private static List<Fact> stream(int gateAt) {
    Random random = new Random(20261125L);
    String[] sources = new String[60];
    for (int i = 0; i < sources.length; i++) {
      sources[i] = i % 7 == 0 ? "2001:db8:" + i + "::1" : "198.51.100." + (i + 1);
    }
    List<Fact> facts = new ArrayList<>();
    for (int i = 0; i < FACTS; i++) {
      long micros = (BASE_MILLIS + i) * 1000L;
      Origin origin = Origin.frame("test.pcap", i + 1);
      String src = sources[random.nextInt(random.nextBoolean() ? 5 : sources.length)];
      if (i == gateAt) {
        facts.add(auth(micros, GATE_SOURCE, "gate", AuthOutcome.FAILURE, origin));
      } else if (random.nextInt(10) < 8) {
        int port = random.nextInt(4) == 0 ? 1 + random.nextInt(2000) : 443;
        String dst = "203.0.113." + (1 + random.nextInt(40));
        facts.add(Connection.of(micros, src, 40000, dst, port, Transport.TCP, origin));
      } else {
        String user = "u" + random.nextInt(3);
        AuthOutcome outcome = random.nextInt(8) == 0 ? AuthOutcome.SUCCESS : AuthOutcome.FAILURE;
        facts.add(auth(micros, src, user, outcome, origin));
      }
    }
    return facts;
  }

  private static AuthAttempt auth(
      long micros, String src, String user, AuthOutcome outcome, Origin origin) {
    return AuthAttempt.of(micros, src, "203.0.113.10", 22, "ssh", user, outcome, origin);
  }

  private static synchronized CompiledRuleset rules() throws InvalidInputException {
    if (rules == null) {
      Ruleset bundled = Ruleset.bundled();
      List<RuleFile> files = new ArrayList<>(bundled.files());
      files.add(new RuleFile("rules/test/gate.drl", ShardGate.RULE));
      Ruleset ruleset = new Ruleset("bundled and gate", files, bundled.schema());
      Policy policy =
          new PolicyLoader(ruleset.schema()).loadTexts(List.of(PolicyLoader.defaultText()));
      rules = RulesetCompiler.compile(ruleset, policy);
    }
    return rules;
  }

  /** What an engine told, read from the test's thread while the feeder runs. */
  private static final class Recorder implements EngineListener {
    final List<Alert> raised = new CopyOnWriteArrayList<>();
    final List<String> alerts = new CopyOnWriteArrayList<>();
    final List<String> suppressed = new CopyOnWriteArrayList<>();
    final List<String> late = new CopyOnWriteArrayList<>();
    RuleEngine session;

    @Override
    public void onAlert(Alert a) {
      raised.add(a);
      alerts.add(AlertLines.of(a));
    }

    List<Alert> alertsOf(Predicate<String> sources) {
      return raised.stream().filter(a -> sources.test(a.source())).toList();
    }

    @Override
    public void onSuppressed(String ruleId, String source) {
      suppressed.add(ruleId + " " + source);
    }

    @Override
    public void onLate(Fact fact) {
      late.add(fact.toString());
    }

    void assertSameAs(Recorder sharded) {
      assertTrue(alerts.size() > 20, "a stream that raises alerts: " + alerts.size());
      assertEquals(alerts, sharded.alerts);
      assertEquals(sorted(suppressed), sorted(sharded.suppressed));
      assertEquals(sorted(late), sorted(sharded.late));
      assertNotNull(session);
    }

    private static List<String> sorted(List<String> list) {
      return list.stream().sorted().toList();
    }
  }
}
