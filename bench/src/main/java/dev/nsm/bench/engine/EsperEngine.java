package dev.nsm.bench.engine;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.common.client.configuration.common.ConfigurationCommonEventTypeBean;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Connection;
import dev.nsm.event.Fact;
import dev.nsm.event.Transport;
import dev.nsm.policy.Detection;
import dev.nsm.policy.Policy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The same detections in Esper EPL, for comparison only: Esper is GPL-licensed and lives in the
 * bench profile, never in nsm's jar. Thresholds, windows, transports and suppression intervals come
 * from the same merged policy as nsm's.
 *
 * <p>Each statement is a sliding {@code #time} window grouped by the rule's key with a {@code
 * having} threshold, which Esper evaluates as each event arrives, like nsm's trigger-plus-
 * accumulate rules. Suppression (one alert per rule and source per interval) is a map in the
 * listener, as nsm's is a map in its alert raiser; admitted alerts are routed back in as {@code
 * AlertEvent}s for multi-pattern-source, as nsm inserts them into its {@code alerts} entry point.
 * Rows Esper posts when time moves (events leaving a window) are ignored: nsm's rules evaluate only
 * when a fact arrives.
 */
public final class EsperEngine implements Engine {

  /** An alert fed back into the runtime for the correlating rule. */
  public record AlertEvent(String ruleId, String source) {}

  private static final AtomicInteger RUNTIMES = new AtomicInteger();

  private final EPRuntime runtime;
  private final Map<String, Long> suppressedUntil = new HashMap<>();
  private final Map<String, Long> suppressFor = new HashMap<>();
  private final Map<String, Long> byRuleAndSource = new TreeMap<>();
  private final boolean correlate;
  private long alerts;
  private long now = Long.MIN_VALUE;
  private boolean sending;

  public EsperEngine(List<String> enabled, Policy policy) {
    Configuration config = new Configuration();
    config
        .getCommon()
        .addEventType(
            "Connection",
            Connection.class.getName(),
            recordType("timestamp", "source", "srcIp", "srcPort", "dstIp", "dstPort", "transport"));
    config
        .getCommon()
        .addEventType(
            "AuthAttempt",
            AuthAttempt.class.getName(),
            recordType("timestamp", "source", "srcIp", "dstIp", "service", "outcome"));
    config
        .getCommon()
        .addEventType("AlertEvent", AlertEvent.class.getName(), recordType("ruleId", "source"));
    config.getCommon().addImport(Transport.class);
    config.getCommon().addImport(AuthOutcome.class);
    config.getCommon().addImport(EsperPolicy.class);
    config.getRuntime().getThreading().setInternalTimerEnabled(false);
    EsperPolicy.use(policy);

    StringBuilder epl = new StringBuilder();
    for (String id : enabled) {
      Detection d = policy.detection(id);
      if (!d.enabled()) {
        continue;
      }
      suppressFor.put(id, d.suppressForMillis());
      epl.append(statement(id, d)).append(";\n");
    }
    this.correlate = enabled.contains("multi-pattern-source");
    try {
      EPCompiled compiled =
          EPCompilerProvider.getCompiler().compile(epl.toString(), new CompilerArguments(config));
      runtime = EPRuntimeProvider.getRuntime("nsm-bench-" + RUNTIMES.incrementAndGet(), config);
      EPDeployment deployment = runtime.getDeploymentService().deploy(compiled);
      for (EPStatement statement : deployment.getStatements()) {
        String rule = statement.getName();
        if (suppressFor.containsKey(rule)) { // not the helper statements (named windows)
          statement.addListener((news, olds, s, r) -> onRows(rule, news));
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("Esper: " + e.getMessage() + "\n" + epl, e);
    }
  }

  private static ConfigurationCommonEventTypeBean recordType(String... components) {
    // Records have no getX() methods: name each accessor.
    ConfigurationCommonEventTypeBean type = new ConfigurationCommonEventTypeBean();
    for (String c : components) {
      type.addMethodProperty(c, c);
    }
    return type;
  }

  private static String statement(String id, Detection d) {
    String window = "#time(" + d.windowMillis() + " msec)";
    String transports =
        "transport in ("
            + d.transports().stream()
                .map(t -> "Transport." + t.name())
                .collect(Collectors.joining(", "))
            + ")";
    String allowed = "not EsperPolicy.allows('" + id + "', srcIp)";
    int min = d.minCount();
    String name = "@name('" + id + "') ";
    return switch (id) {
      case "unusual-port" ->
          name
              + "select source from Connection("
              + transports
              + ", EsperPolicy.isHome(dstIp), not EsperPolicy.isStandardPort(transport, dstPort), "
              + allowed
              + ")"
              + window
              + " group by source having count(*) >= "
              + min;
      case "high-frequency" ->
          name
              + "select source from Connection("
              + transports
              + ", "
              + allowed
              + ")"
              + window
              + " group by source having count(*) >= "
              + min;
      case "auth-failures" ->
          name
              + "select source from AuthAttempt(outcome = AuthOutcome.FAILURE, "
              + allowed
              + ")"
              + window
              + " group by source having count(*) >= "
              + min;
      case "port-scan" ->
          name
              + "select source from Connection("
              + transports
              + ", "
              + allowed
              + ")"
              + window
              + " group by source, dstIp having count(distinct dstPort) >= "
              + min;
      case "port-sweep" ->
          name
              + "select source from Connection(dstIp is not null, "
              + transports
              + ", "
              + allowed
              + ")"
              + window
              + " group by source, dstPort having count(distinct dstIp) >= "
              + min;
      case "brute-force-success" ->
          // Failures kept in a named window; a success counts those of its source and service
          // (only earlier ones exist yet, as nsm's "micros < $s.micros").
          "create window Failures"
              + window
              + " as AuthAttempt;\n"
              + "insert into Failures select * from AuthAttempt(outcome = AuthOutcome.FAILURE);\n"
              + name
              + "select s.source as source from AuthAttempt(outcome = AuthOutcome.SUCCESS, "
              + allowed
              + ") as s where (select count(*) from Failures as f"
              + " where f.source = s.source and f.service = s.service) >= "
              + min;
      case "multi-pattern-source" ->
          name
              + "select source from AlertEvent(ruleId != 'multi-pattern-source')"
              + window
              + " group by source having count(distinct ruleId) >= "
              + min;
      default -> throw new IllegalArgumentException("no EPL for rule " + id);
    };
  }

  private void onRows(String rule, EventBean[] rows) {
    if (!sending || rows == null) {
      return; // posted because time moved: events left a window, no fact arrived
    }
    for (EventBean row : rows) {
      String source = (String) row.get("source");
      String key = rule + " " + source;
      Long until = suppressedUntil.get(key);
      if (until != null && now < until) {
        continue;
      }
      suppressedUntil.put(key, now + suppressFor.get(rule));
      alerts++;
      byRuleAndSource.merge(key, 1L, Long::sum);
      if (correlate) {
        runtime.getEventService().routeEventBean(new AlertEvent(rule, source), "AlertEvent");
      }
    }
  }

  @Override
  public void accept(Fact fact) {
    long t = fact.timestamp();
    if (t > now) {
      runtime.getEventService().advanceTime(t);
      now = t;
    }
    sending = true;
    try {
      if (fact instanceof Connection c) {
        runtime.getEventService().sendEventBean(c, "Connection");
      } else if (fact instanceof AuthAttempt a) {
        runtime.getEventService().sendEventBean(a, "AuthAttempt");
      }
    } finally {
      sending = false;
    }
    if (suppressedUntil.size() > 1_000_000) {
      suppressedUntil.values().removeIf(until -> until <= now);
    }
  }

  @Override
  public long alerts() {
    return alerts;
  }

  @Override
  public Map<String, Long> alertsByRuleAndSource() {
    return Map.copyOf(byRuleAndSource);
  }

  @Override
  public void close() {
    runtime.destroy();
  }
}
