package dev.nsm.engine;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Connection;
import dev.nsm.event.ConnectionOutcome;
import dev.nsm.event.Fact;
import dev.nsm.event.NearMiss;
import dev.nsm.event.Severity;
import dev.nsm.policy.Policy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.runtime.rule.EntryPoint;
import org.kie.api.time.SessionPseudoClock;

/**
 * A Drools stream-mode session run in event time. The pseudo clock is advanced to each fact's
 * timestamp before the fact is inserted and never moves backwards; a fact older than the clock is
 * inserted as it is and reported as late. Rules fire once per clock tick (distinct timestamp), so
 * facts with the same timestamp are evaluated together, in input order.
 *
 * <p>Not thread-safe by design: one thread feeds, advances and fires (a pseudo clock advanced from
 * another thread than the one firing gives wrong counts).
 */
public final class StreamSession implements AutoCloseable {

  /** Facts a session holds at most unless told otherwise; see {@link HeldFacts}. */
  public static final int DEFAULT_MAX_FACTS = HeldFacts.DEFAULT_MAX;

  private final Policy policy;
  private final KieSession session;
  private final SessionPseudoClock clock;
  private final AlertRaiser raiser;
  private final EngineListener listener;
  private final EntryPoint connections;
  private final EntryPoint authAttempts;
  private final EntryPoint outcomes;
  private final HeldFacts held;
  private boolean started;
  private boolean pending;

  public StreamSession(CompiledRuleset rules, EngineListener listener) {
    this(rules, listener, DEFAULT_MAX_FACTS);
  }

  /**
   * @param maxFacts facts held at most: beyond it the oldest is deleted before its windows end, and
   *     counted ({@link #evictedFacts()})
   */
  public StreamSession(CompiledRuleset rules, EngineListener listener, int maxFacts) {
    this.held = new HeldFacts(maxFacts);
    this.policy = rules.policy();
    this.listener = listener;
    KieSessionConfiguration config = KieServices.Factory.get().newKieSessionConfiguration();
    config.setOption(ClockTypeOption.PSEUDO);
    this.session = rules.kieBase().newKieSession(config, null);
    this.clock = session.getSessionClock();
    Map<String, Severity> severities = new HashMap<>();
    rules.rules().forEach(r -> severities.put(r.id(), r.severity()));
    this.raiser = new AlertRaiser(listener, severities);
    setGlobalIfDeclared("alerts", raiser);
    setGlobalIfDeclared("policy", policy);
    for (RuleInfo rule : rules.rules()) {
      session.insert(policy.detection(rule.id()));
    }
    this.connections = session.getEntryPoint(Connection.ENTRY_POINT);
    this.authAttempts = session.getEntryPoint(AuthAttempt.ENTRY_POINT);
    this.outcomes = session.getEntryPoint(ConnectionOutcome.ENTRY_POINT);
  }

  private void setGlobalIfDeclared(String name, Object value) {
    boolean declared =
        session.getKieBase().getKiePackages().stream()
            .anyMatch(p -> p.getGlobalVariables().stream().anyMatch(g -> g.getName().equals(name)));
    if (declared) {
      session.setGlobal(name, value);
    }
  }

  /**
   * Inserts a connection attempt, its outcome or an authentication attempt, keyed by the policy's
   * source key.
   *
   * @return the fact as inserted, or {@code null} when its source is on the global allow-list
   */
  public Fact insert(Fact fact) {
    Fact keyed = keyed(fact);
    if (keyed == null) {
      return null;
    }
    long time = keyed.timestamp();
    if (!started) {
      moveClock(time);
      started = true;
    } else if (time > clock.getCurrentTime()) {
      fire(); // the previous tick's facts, at their own time
      moveClock(time);
    } else if (time < clock.getCurrentTime()) {
      listener.onLate(keyed);
    }
    // An entry point no rule reads does not exist: such facts are counted but not kept.
    EntryPoint entryPoint = entryPointOf(keyed);
    if (entryPoint != null) {
      held.inserted(entryPoint, keyed, entryPoint.insert(keyed));
      pending = true;
    }
    return keyed;
  }

  private EntryPoint entryPointOf(Fact fact) {
    if (fact instanceof Connection) {
      return connections;
    }
    return fact instanceof AuthAttempt ? authAttempts : outcomes;
  }

  private Fact keyed(Fact fact) {
    if (fact instanceof Connection c) {
      return policy.isAllowed(c.srcIp()) ? null : c.withSource(policy.sourceKey(c.srcIp()));
    }
    if (fact instanceof AuthAttempt a) {
      return policy.isAllowed(a.srcIp()) ? null : a.withSource(policy.sourceKey(a.srcIp()));
    }
    if (fact instanceof ConnectionOutcome o) {
      return policy.isAllowed(o.srcIp()) ? null : o.withSource(policy.sourceKey(o.srcIp()));
    }
    throw new IllegalArgumentException("alerts are raised by rules, not inserted");
  }

  /**
   * Moves event time forward without a fact: rules for the current tick fire first, then windows
   * and suppressions that end before {@code millis} close. Live sources call this as a heartbeat
   * when the link is idle. Earlier times are ignored: the clock never goes back.
   */
  public void advanceTo(long millis) {
    fire();
    if (!started) {
      moveClock(millis);
      started = true;
    } else if (millis > clock.getCurrentTime()) {
      moveClock(millis);
      // Always, not only when facts are pending: moving the pseudo clock only queues the expiry
      // of events whose windows ended; they leave the session when the engine next runs.
      pending = false;
      session.fireAllRules();
    }
  }

  private void moveClock(long millis) {
    clock.advanceTime(millis - clock.getCurrentTime(), TimeUnit.MILLISECONDS);
    raiser.expire(millis);
  }

  /** Fires the rules for facts inserted at the current time. */
  public void fire() {
    if (pending) {
      pending = false;
      session.fireAllRules();
    }
  }

  /** Event time of the session, epoch milliseconds. */
  public long clock() {
    return clock.getCurrentTime();
  }

  /** Facts of every kind the session still holds (events still inside some window). */
  public long liveFacts() {
    return session.getEntryPoints().stream().mapToLong(EntryPoint::getFactCount).sum();
  }

  /** Facts deleted before their windows ended, to hold no more than the cap. */
  public long evictedFacts() {
    return held.evicted();
  }

  /** Facts the session holds at most. */
  public int maxFacts() {
    return held.max();
  }

  /** Suppression intervals remembered; bounded by how many sources alerted recently. */
  public int suppressionEntries() {
    return raiser.suppressionEntries();
  }

  /** Every near miss remembered, by rule id, then closest to its threshold, then earliest. */
  public List<NearMiss> nearMisses() {
    return raiser.nearMisses().all();
  }

  /** The near miss of (rule, source key), or {@code null} if it alerted or nothing was counted. */
  public NearMiss nearMiss(String ruleId, String source) {
    return raiser.nearMisses().of(ruleId, source);
  }

  /** (rule, source) pairs the near-miss table dropped to stay within its capacity. */
  public long nearMissesEvicted() {
    return raiser.nearMisses().evicted();
  }

  /** How many (rule, source) pairs the near-miss table remembers at most. */
  public int nearMissCapacity() {
    return raiser.nearMisses().capacity();
  }

  @Override
  public void close() {
    fire();
    session.dispose();
  }
}
