package dev.nsm.engine;

import dev.nsm.event.Alert;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Connection;
import dev.nsm.event.ConnectionOutcome;
import dev.nsm.event.Fact;
import dev.nsm.event.NearMiss;
import dev.nsm.event.Severity;
import dev.nsm.policy.Policy;
import java.util.ArrayList;
import java.util.Comparator;
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
 * facts with the same timestamp are evaluated together, in input order. The alerts of one firing
 * are delivered after it, ordered by time and then source, so that sessions sharded by source
 * ({@link ShardedSessions}) deliver them in the same order as one session.
 *
 * <p>Not thread-safe by design: one thread feeds, advances and fires (a pseudo clock advanced from
 * another thread than the one firing gives wrong counts).
 */
public final class StreamSession implements RuleEngine {

  /** Facts a session holds at most unless told otherwise; see {@link HeldFacts}. */
  public static final int DEFAULT_MAX_FACTS = HeldFacts.DEFAULT_MAX;

  /** The order in which the alerts of one firing are delivered. */
  static final Comparator<Alert> DELIVERY_ORDER =
      Comparator.comparingLong(Alert::timestamp).thenComparing(Alert::source);

  private final Policy policy;
  private final KieSession session;
  private final SessionPseudoClock clock;
  private final AlertRaiser raiser;
  private final EngineListener listener;
  private final EntryPoint connections;
  private final EntryPoint authAttempts;
  private final EntryPoint outcomes;
  private final HeldFacts held;
  private final List<Alert> raised = new ArrayList<>();
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
    this.held = new HeldFacts(maxFacts, rules.expiryMillis());
    this.policy = rules.policy();
    this.listener = listener;
    KieSessionConfiguration config = KieServices.Factory.get().newKieSessionConfiguration();
    config.setOption(ClockTypeOption.PSEUDO);
    this.session = rules.kieBase().newKieSession(config, null);
    this.clock = session.getSessionClock();
    Map<String, Severity> severities = new HashMap<>();
    rules.rules().forEach(r -> severities.put(r.id(), r.severity()));
    this.raiser = new AlertRaiser(orderedAlerts(listener), severities, held);
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

  /** Holds each firing's alerts back until it ends, to deliver them in {@link #DELIVERY_ORDER}. */
  private EngineListener orderedAlerts(EngineListener listener) {
    return new EngineListener() {
      @Override
      public void onAlert(Alert alert) {
        raised.add(alert);
      }

      @Override
      public void onSuppressed(String ruleId, String source) {
        listener.onSuppressed(ruleId, source);
      }

      @Override
      public void onLate(Fact fact) {
        listener.onLate(fact);
      }
    };
  }

  @Override
  public Fact insert(Fact fact) {
    Fact keyed = keyed(policy, fact);
    if (keyed != null) {
      long time = keyed.timestamp();
      insertKeyed(keyed, started ? Math.max(time, clock.getCurrentTime()) : time);
    }
    return keyed;
  }

  /**
   * Inserts a keyed fact with the clock moved to {@code now} first: the time of the newest fact of
   * the whole stream, which a shard's own facts may not have reached. A fact older than {@code now}
   * is late.
   */
  void insertKeyed(Fact keyed, long now) {
    if (!started) {
      moveClock(now);
      started = true;
    } else if (now > clock.getCurrentTime()) {
      fire(); // the previous tick's facts, at their own time
      moveClock(now);
    }
    if (keyed.timestamp() < now) {
      listener.onLate(keyed);
    }
    // An entry point no rule reads does not exist: such facts are counted but not kept.
    EntryPoint entryPoint = entryPointOf(keyed);
    if (entryPoint != null) {
      held.inserted(entryPoint, keyed, entryPoint.insert(keyed));
      pending = true;
    }
  }

  private EntryPoint entryPointOf(Fact fact) {
    if (fact instanceof Connection) {
      return connections;
    }
    return fact instanceof AuthAttempt ? authAttempts : outcomes;
  }

  /** The fact with its source key, or {@code null} when its source is on the global allow-list. */
  static Fact keyed(Policy policy, Fact fact) {
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

  @Override
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
      fireAllRules();
    }
  }

  private void moveClock(long millis) {
    clock.advanceTime(millis - clock.getCurrentTime(), TimeUnit.MILLISECONDS);
    raiser.expire(millis);
    held.expire(millis);
  }

  @Override
  public void fire() {
    if (pending) {
      pending = false;
      fireAllRules();
    }
  }

  private void fireAllRules() {
    session.fireAllRules();
    if (!raised.isEmpty()) {
      raised.sort(DELIVERY_ORDER);
      raised.forEach(listener::onAlert);
      raised.clear();
    }
  }

  @Override
  public long clock() {
    return clock.getCurrentTime();
  }

  @Override
  public long liveFacts() {
    return session.getEntryPoints().stream().mapToLong(EntryPoint::getFactCount).sum();
  }

  @Override
  public long evictedFacts() {
    return held.evicted();
  }

  @Override
  public int maxFacts() {
    return held.max();
  }

  @Override
  public int suppressionEntries() {
    return raiser.suppressionEntries();
  }

  @Override
  public List<NearMiss> nearMisses() {
    return raiser.nearMisses().all();
  }

  @Override
  public NearMiss nearMiss(String ruleId, String source) {
    return raiser.nearMisses().of(ruleId, source);
  }

  @Override
  public long nearMissesEvicted() {
    return raiser.nearMisses().evicted();
  }

  @Override
  public int nearMissCapacity() {
    return raiser.nearMisses().capacity();
  }

  @Override
  public void close() {
    fire();
    session.dispose();
  }
}
