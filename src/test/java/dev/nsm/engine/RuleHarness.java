package dev.nsm.engine;

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
import dev.nsm.policy.PolicyText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the bundled ruleset on a pseudo clock with hand-built facts and records what it raises.
 * Times are milliseconds after a fixed base instant.
 */
final class RuleHarness implements EngineListener {

  static final long BASE_MILLIS = Instant.parse("2026-11-25T09:00:00Z").toEpochMilli();

  final List<Alert> alerts = new ArrayList<>();
  final List<String> suppressed = new ArrayList<>();
  final List<Fact> late = new ArrayList<>();
  final RuleEngine session;
  private long frame;

  private RuleHarness(CompiledRuleset rules) {
    this.session = new StreamSession(rules, this);
  }

  private RuleHarness(CompiledRuleset rules, int maxFacts) {
    this.session = new StreamSession(rules, this, maxFacts);
  }

  private RuleHarness(CompiledRuleset rules, int shards, int maxFacts) {
    this.session = new ShardedSessions(rules, this, shards, maxFacts);
  }

  /** The bundled rules and default policy in {@code shards} sessions sharded by source. */
  static RuleHarness sharded(int shards) throws InvalidInputException {
    return new RuleHarness(compile(), shards, StreamSession.DEFAULT_MAX_FACTS);
  }

  /** The bundled rules and default policy in a session that holds at most {@code maxFacts}. */
  static RuleHarness holdingAtMost(int maxFacts) throws InvalidInputException {
    return new RuleHarness(compile(), maxFacts);
  }

  /** The bundled rules with the default policy, plus policy overrides in YAML (may be empty). */
  static RuleHarness withPolicy(String... overrides) throws InvalidInputException {
    return new RuleHarness(compile(overrides));
  }

  /**
   * Compiled rulesets by policy overrides: a KieBase serves any number of fresh sessions, and
   * compiling once per policy keeps the rule tests fast. Every harness still gets its own session.
   */
  private static final Map<List<String>, CompiledRuleset> COMPILED = new ConcurrentHashMap<>();

  static CompiledRuleset compile(String... overrides) throws InvalidInputException {
    List<String> key = List.of(overrides);
    CompiledRuleset cached = COMPILED.get(key);
    if (cached == null) {
      cached = compileFresh(overrides);
      COMPILED.put(key, cached);
    }
    return cached;
  }

  /** A session on rules compiled afresh, bypassing the cache (for determinism checks). */
  static RuleHarness freshlyCompiled(String... overrides) throws InvalidInputException {
    return new RuleHarness(compileFresh(overrides));
  }

  private static CompiledRuleset compileFresh(String... overrides) throws InvalidInputException {
    List<PolicyText> layers = new ArrayList<>();
    layers.add(PolicyLoader.defaultText());
    for (int i = 0; i < overrides.length; i++) {
      layers.add(new PolicyText("site" + i + ".yaml", "schema_version: 1\n" + overrides[i]));
    }
    Ruleset ruleset = Ruleset.bundled();
    Policy policy = new PolicyLoader(ruleset.schema()).loadTexts(layers);
    return RulesetCompiler.compile(ruleset, policy);
  }

  Connection connect(long atMillis, String src, String dst, int port) {
    return connect(atMillis, src, dst, port, Transport.TCP);
  }

  Connection connect(long atMillis, String src, String dst, int port, Transport transport) {
    return connect(atMillis, src, 40000, dst, port, transport);
  }

  Connection connect(
      long atMillis, String src, int srcPort, String dst, int port, Transport transport) {
    Connection c =
        Connection.of(
            (BASE_MILLIS + atMillis) * 1000L,
            src,
            srcPort,
            dst,
            port,
            transport,
            Origin.frame("test.pcap", ++frame));
    session.insert(c);
    return c;
  }

  AuthAttempt auth(long atMillis, String src, String service, boolean success) {
    return auth(atMillis, src, service, "alice", success);
  }

  AuthAttempt auth(long atMillis, String src, String service, String user, boolean success) {
    AuthAttempt a =
        AuthAttempt.of(
            (BASE_MILLIS + atMillis) * 1000L,
            src,
            "203.0.113.10",
            22,
            service,
            user,
            success ? AuthOutcome.SUCCESS : AuthOutcome.FAILURE,
            Origin.line("auth.log", ++frame));
    session.insert(a);
    return a;
  }

  /** Moves event time to {@code atMillis} after the base instant, firing what is pending. */
  RuleHarness advance(long atMillis) {
    session.advanceTo(BASE_MILLIS + atMillis);
    return this;
  }

  /** Repeats of the rule counted while suppressed. */
  long suppressedCount(String ruleId) {
    flush();
    return suppressed.stream().filter(s -> s.startsWith(ruleId + " ")).count();
  }

  /** Fires what is pending at the current time. */
  RuleHarness flush() {
    session.fire();
    return this;
  }

  List<Alert> alerts(String ruleId) {
    flush();
    return alerts.stream().filter(a -> a.ruleId().equals(ruleId)).toList();
  }

  /** Milliseconds after the base instant at which the alert fired. */
  static long at(Alert alert) {
    return alert.timestamp() - BASE_MILLIS;
  }

  @Override
  public void onAlert(Alert alert) {
    alerts.add(alert);
  }

  @Override
  public void onSuppressed(String ruleId, String source) {
    suppressed.add(ruleId + " " + source);
  }

  @Override
  public void onLate(Fact fact) {
    late.add(fact);
  }
}
