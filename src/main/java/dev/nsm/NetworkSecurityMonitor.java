package dev.nsm;

import dev.nsm.engine.CompiledRuleset;
import dev.nsm.engine.EngineListener;
import dev.nsm.engine.NearMissRules;
import dev.nsm.engine.RuleEngine;
import dev.nsm.engine.RuleInfo;
import dev.nsm.engine.Ruleset;
import dev.nsm.engine.RulesetCompiler;
import dev.nsm.engine.ShardedSessions;
import dev.nsm.engine.StreamSession;
import dev.nsm.event.Alert;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Connection;
import dev.nsm.event.Fact;
import dev.nsm.event.IpAddress;
import dev.nsm.event.NearMiss;
import dev.nsm.event.Origin;
import dev.nsm.event.Transport;
import dev.nsm.policy.Diagnostic;
import dev.nsm.policy.InvalidInputException;
import dev.nsm.policy.Policy;
import dev.nsm.policy.PolicyLoader;
import dev.nsm.report.AlertSink;
import dev.nsm.report.JsonLinesAlertSink;
import dev.nsm.report.NearMissReport;
import dev.nsm.report.OutputFailures;
import dev.nsm.report.Pseudonyms;
import dev.nsm.report.ReportAggregator;
import dev.nsm.report.SecurityLog;
import dev.nsm.report.SecurityReport;
import dev.nsm.report.SourceSummary;
import dev.nsm.source.FactSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * The library facade: feed it connections and authentication attempts, get alerts in {@code
 * security_monitor.log} and {@code alerts.jsonl}, a security report and a suspicious-activity
 * summary.
 *
 * <pre>
 * try (var monitor = new NetworkSecurityMonitor()) {       // default ruleset and policy
 *   monitor.monitorConnection("192.168.1.100", 80, Instant.now());
 *   System.out.println(monitor.generateReport());
 * }
 * </pre>
 *
 * <p>Event time is the timestamp you pass, never the wall clock: the same calls give the same
 * alerts. Calls are serialised: one thread at a time feeds the monitor, which runs one Drools
 * session, or with {@link Builder#shards} several sessions sharded by source on threads of their
 * own (the same alerts in the same order; alerts then reach the outputs in batches).
 */
public final class NetworkSecurityMonitor implements FactSink, AutoCloseable {

  /** Where the no-argument monitor writes its log. */
  public static final Path DEFAULT_LOG = Path.of("security_monitor.log");

  /** How many facts the session holds at most unless {@link Builder#maxFacts} says otherwise. */
  public static final int DEFAULT_MAX_FACTS = StreamSession.DEFAULT_MAX_FACTS;

  /** Where the no-argument monitor writes its alerts. */
  public static final Path DEFAULT_ALERTS = Path.of("alerts.jsonl");

  private final CompiledRuleset rules;
  private final RuleEngine session;
  private final int shards;
  private final ReportAggregator report;
  private final SecurityLog log;
  private final JsonLinesAlertSink alertsFile;
  private final List<AlertSink> outputs;
  private final OutputFailures failures;
  private final Pseudonyms pseudonyms;
  private long calls;
  private long facts;
  private long alerts;
  private boolean closed;
  private volatile boolean captureDropping;
  private boolean warnedFull;
  private SortedSet<String> notRecordingNearMisses;

  /**
   * A monitor with the default ruleset and policy, writing {@code ./security_monitor.log} and
   * {@code ./alerts.jsonl}.
   *
   * @throws UncheckedIOException when an output file cannot be opened
   */
  public NetworkSecurityMonitor() {
    this(openDefault());
  }

  private static Parts openDefault() {
    try {
      return builder().open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InvalidInputException e) {
      throw new IllegalStateException("the bundled ruleset or policy is invalid", e);
    }
  }

  /** What a builder opens: everything a monitor needs but its session. */
  private record Parts(
      CompiledRuleset rules,
      SecurityLog log,
      JsonLinesAlertSink alertsFile,
      List<AlertSink> outputs,
      OutputFailures failures,
      Pseudonyms pseudonyms,
      ReportAggregator report,
      int maxFacts,
      int shards) {}

  private NetworkSecurityMonitor(Parts parts) {
    this.rules = parts.rules();
    this.log = parts.log();
    this.alertsFile = parts.alertsFile();
    this.outputs = parts.outputs();
    this.failures = parts.failures();
    this.pseudonyms = parts.pseudonyms();
    this.report = parts.report();
    // A ruleset with a rule that compares sources runs unsharded, whatever was asked.
    this.shards = rules.shardable() ? Math.max(1, parts.shards()) : 1;
    this.session =
        parts.shards() == 0
            ? new StreamSession(rules, new Listener(), parts.maxFacts())
            : new ShardedSessions(rules, new Listener(), shards, parts.maxFacts());
    report.setRuleset(rules.hash(), rules.rules().stream().map(RuleInfo::id).toList());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A TCP connection attempt from {@code sourceIp} to port {@code destPort} of this host. */
  public void monitorConnection(String sourceIp, int destPort, Instant timestamp) {
    monitorConnection(sourceIp, 0, null, destPort, Transport.TCP, timestamp);
  }

  /** A TCP connection attempt from {@code sourceIp} to {@code destIp:destPort}. */
  public void monitorConnection(String sourceIp, String destIp, int destPort, Instant timestamp) {
    monitorConnection(sourceIp, 0, destIp, destPort, Transport.TCP, timestamp);
  }

  /** A connection attempt with every detail; {@code destIp} may be null (this host). */
  public synchronized void monitorConnection(
      String sourceIp,
      int sourcePort,
      String destIp,
      int destPort,
      Transport transport,
      Instant timestamp) {
    checkAddress(sourceIp, "sourceIp");
    if (destIp != null) {
      checkAddress(destIp, "destIp");
    }
    accept(
        Connection.of(
            micros(timestamp), sourceIp, sourcePort, destIp, destPort, transport, nextCall()));
  }

  /** An authentication attempt against {@code service} on this host. */
  public void monitorAuthAttempt(
      String sourceIp, String service, String user, boolean success, Instant timestamp) {
    monitorAuthAttempt(
        sourceIp,
        null,
        0,
        service,
        user,
        success ? AuthOutcome.SUCCESS : AuthOutcome.FAILURE,
        timestamp);
  }

  /** An authentication attempt with every detail; {@code destIp} and {@code user} may be null. */
  public synchronized void monitorAuthAttempt(
      String sourceIp,
      String destIp,
      int destPort,
      String service,
      String user,
      AuthOutcome outcome,
      Instant timestamp) {
    checkAddress(sourceIp, "sourceIp");
    if (destIp != null) {
      checkAddress(destIp, "destIp");
    }
    Objects.requireNonNull(service, "service");
    accept(
        AuthAttempt.of(
            micros(timestamp),
            sourceIp,
            destIp,
            destPort,
            service.toLowerCase(java.util.Locale.ROOT),
            user,
            outcome,
            nextCall()));
  }

  /** Any connection or authentication fact, e.g. from a {@link dev.nsm.source.FactSource}. */
  @Override
  public synchronized void accept(Fact fact) {
    checkOpen();
    Fact inserted = session.insert(fact);
    facts++;
    report.onFact(inserted != null ? inserted : fact);
    if (!warnedFull && session.evictedFacts() > 0) {
      warnedFull = true;
      if (log != null) {
        // Once, when it starts: the count goes to the report when the run ends.
        log.warn(
            "session full: holding at most "
                + session.maxFacts()
                + " facts, the oldest are now dropped before their windows end;"
                + " detections over long windows may miss them");
      }
    }
  }

  /** A line of an input that could not be read: warned about, counted, and the run goes on. */
  @Override
  public synchronized void malformed(String input, long line, String reason) {
    report.onMalformed(input, line, reason);
    if (log != null) {
      failures.guard(() -> log.warn("malformed input " + input + " line " + line + ": " + reason));
    }
  }

  /**
   * Moves event time forward with no new fact, so windows and suppressions close (a heartbeat for
   * live input). Earlier times are ignored.
   */
  public void advanceTo(Instant time) {
    advanceTo(micros(time));
  }

  /** {@link #advanceTo(Instant)} in epoch microseconds, as live sources call it. */
  @Override
  public synchronized void advanceTo(long micros) {
    checkOpen();
    session.advanceTo(Math.floorDiv(micros, 1000L));
  }

  /**
   * Live capture tells whether the kernel dropped packets since its last count: alerts raised
   * meanwhile say so, since their evidence may be incomplete.
   */
  public void captureDropping(boolean dropping) {
    this.captureDropping = dropping;
  }

  /** Writes an operational note (capture counters) to the security log. */
  public synchronized void note(String message) {
    if (log != null) {
      failures.guard(() -> log.info(message));
    }
  }

  /** Records what an input amounted to, for the report and the log. */
  public synchronized void inputSummary(String summary) {
    report.onInputSummary(summary);
    note(summary);
  }

  /** The security report of everything seen so far. */
  public synchronized SecurityReport generateReport() {
    if (!closed) {
      session.fire();
    }
    return report.snapshot();
  }

  /** Per source that tripped a detection: what it did and how risky it looks, riskiest first. */
  public synchronized Map<String, SourceSummary> getSuspiciousActivitySummary() {
    return generateReport().suspiciousActivity();
  }

  /**
   * Per rule in force, the sources that came closest to its threshold without reaching it: the
   * highest count each reached in any window, and when. Only rules that count through {@code
   * alerts.reached} record near misses; the report names the others.
   *
   * @param perRule the most near misses listed per rule, closest to the threshold first
   */
  public synchronized NearMissReport nearMisses(int perRule) {
    if (!closed) {
      session.fire();
    }
    return NearMissReport.of(
        rules.rules().stream().map(RuleInfo::id).toList(),
        notRecordingNearMisses(),
        session.nearMisses(),
        perRule,
        session.nearMissesEvicted(),
        session.nearMissCapacity());
  }

  /**
   * The near miss of one rule for one source, or {@code null} if that source alerted, nothing of it
   * was counted, or the rule does not record near misses.
   *
   * @param source an address (IPv6 ones are looked up by their source network, as rules count them)
   *     or a source key
   */
  public synchronized NearMiss nearMiss(String ruleId, String source) {
    if (!closed) {
      session.fire();
    }
    return session.nearMiss(ruleId, rules.policy().sourceKey(source));
  }

  /** Whether the rule counts through {@code alerts.reached}, so that it records near misses. */
  public synchronized boolean recordsNearMisses(String ruleId) {
    return rules.rule(ruleId) != null && !notRecordingNearMisses().contains(ruleId);
  }

  private SortedSet<String> notRecordingNearMisses() {
    if (notRecordingNearMisses == null) {
      notRecordingNearMisses = NearMissRules.notRecording(rules);
    }
    return notRecordingNearMisses;
  }

  /**
   * Alerts of this run that {@code alerts.jsonl} (or, without it, the log) already held when the
   * monitor opened it, from an earlier run of the same input, and that were not written again.
   */
  public synchronized long alertsAlreadyWritten() {
    if (alertsFile != null) {
      return alertsFile.alreadyWritten();
    }
    return log == null ? 0 : log.alreadyWritten();
  }

  /**
   * What was done, on opening, to torn last lines an interrupted earlier run left in the log and
   * the alerts file (also logged); empty when they ended whole.
   */
  public List<String> repairedOutputs() {
    List<String> repairs = new ArrayList<>();
    if (log != null && log.repairedTornLine() != null) {
      repairs.add(log.repairedTornLine());
    }
    if (alertsFile != null && alertsFile.repairedTornLine() != null) {
      repairs.add(alertsFile.repairedTornLine());
    }
    return repairs;
  }

  /** Alerts raised so far (not counting suppressed repeats). */
  public synchronized long alertCount() {
    if (!closed) {
      session.fire();
    }
    return alerts;
  }

  /** The ruleset and policy in force. */
  public CompiledRuleset rules() {
    return rules;
  }

  /** Facts the session still holds: bounded by the windows, however long the stream. */
  public synchronized long liveFacts() {
    return session.liveFacts();
  }

  /**
   * Facts deleted from the session before their windows ended, to hold no more than {@link
   * Builder#maxFacts}: a flood of new sources, for instance.
   */
  public synchronized long evictedFacts() {
    if (!closed) {
      session.fire();
    }
    return session.evictedFacts();
  }

  /**
   * Suppression intervals remembered (one per rule and source that alerted recently): bounded by
   * the suppression times, however long the stream.
   */
  public synchronized int suppressionEntries() {
    return session.suppressionEntries();
  }

  /** Facts the session holds at most. */
  public int maxFacts() {
    return session.maxFacts();
  }

  /**
   * Sessions the rules run in: as {@link Builder#shards} asked, or 1 when a rule of the ruleset
   * compares sources ({@link CompiledRuleset#shardable()}).
   */
  public int shards() {
    return shards;
  }

  /**
   * Fires what is pending, writes the final counts to the log and closes every output.
   *
   * @throws IOException the first output write that failed during the run (already told to {@link
   *     Builder#onOutputFailure}), or a failure to close an output; every other output was still
   *     written and closed
   */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    session.close();
    if (log != null) {
      String already = alertsAlreadyWritten() == 0 ? "" : alreadyWrittenNote();
      failures.guard(
          () -> log.info("nsm stopped: " + facts + " facts, " + alerts + " alerts" + already));
    }
    for (AlertSink output : outputs) {
      try {
        output.close();
      } catch (IOException e) {
        failures.record(e);
      }
    }
    IOException failure = failures.first();
    if (failure != null) {
      throw failure;
    }
  }

  private String alreadyWrittenNote() {
    StringBuilder note =
        new StringBuilder(" (already written by an earlier run of this input, not written again:");
    if (alertsFile != null) {
      note.append(' ').append(alertsFile.alreadyWritten()).append(" in the alerts file");
    }
    if (log != null) {
      note.append(alertsFile != null ? "," : "")
          .append(' ')
          .append(log.alreadyWritten())
          .append(" in this log");
    }
    return note.append(')').toString();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the monitor is closed");
    }
  }

  private Origin nextCall() {
    return Origin.call(++calls);
  }

  private static long micros(Instant time) {
    Objects.requireNonNull(time, "timestamp");
    return Math.addExact(
        Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1000);
  }

  private static void checkAddress(String ip, String name) {
    if (ip == null || IpAddress.parse(ip) == null) {
      throw new IllegalArgumentException(name + " '" + ip + "' is not an IPv4 or IPv6 address");
    }
  }

  /** An analyst must know that the evidence behind this alert may be incomplete. */
  private static Alert dropNoted(Alert a) {
    return a.withMessage(a.message() + " (raised while the capture was dropping packets)");
  }

  /** Fans the engine's news out to the report and the outputs. */
  private final class Listener implements EngineListener {
    @Override
    public void onAlert(Alert raised) {
      alerts++;
      Alert noted = captureDropping ? dropNoted(raised) : raised;
      // Keyed before anything sees it: the plain id hashes the source address.
      Alert alert = pseudonyms == null ? noted : pseudonyms.withAlertId(noted);
      report.accept(alert);
      for (AlertSink output : outputs) {
        failures.guard(() -> output.accept(alert));
      }
    }

    @Override
    public void onSuppressed(String ruleId, String source) {
      report.onSuppressed(ruleId, source);
    }

    @Override
    public void onLate(Fact fact) {
      report.onLate(fact);
    }
  }

  /** Chooses the ruleset, policy files and outputs of a monitor. */
  public static final class Builder {
    private CompiledRuleset compiled;
    private Path rulesDir;
    private final List<Path> policyFiles = new ArrayList<>();
    private Path logFile = DEFAULT_LOG;
    private Path alertsFile = DEFAULT_ALERTS;
    private final List<Consumer<Alert>> listeners = new ArrayList<>();
    private Consumer<IOException> outputFailureListener = failure -> {};
    private Pseudonyms pseudonyms;
    private int maxTrackedSources = ReportAggregator.DEFAULT_MAX_TRACKED_SOURCES;
    private int maxFacts = DEFAULT_MAX_FACTS;
    private int shards; // 0: one session on the caller's thread

    private Builder() {}

    /** A ruleset directory instead of the bundled {@code rules/default}. */
    public Builder rules(Path dir) {
      this.rulesDir = dir;
      return this;
    }

    /**
     * A ruleset already compiled against its policy (see {@link #compile}), instead of {@link
     * #rules(Path)} and {@link #policy(Path)}: compiling takes most of a second, and one compiled
     * ruleset serves any number of monitors, each with a session of its own.
     */
    public Builder compiled(CompiledRuleset ruleset) {
      this.compiled = Objects.requireNonNull(ruleset, "ruleset");
      return this;
    }

    /** A site policy file applied over the default policy (and earlier files), key by key. */
    public Builder policy(Path file) {
      policyFiles.add(Objects.requireNonNull(file, "file"));
      return this;
    }

    /** Where to write the security log; {@code null} for none. */
    public Builder log(Path file) {
      this.logFile = file;
      return this;
    }

    /** Where to write alerts as JSON Lines; {@code null} for none. */
    public Builder alerts(Path file) {
      this.alertsFile = file;
      return this;
    }

    /** Also hands every alert to {@code listener}, on the monitor's thread. */
    public Builder onAlert(Consumer<Alert> listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Told at once, on the monitor's thread, when writing the log or the alerts file fails during
     * the run (a full disk): the monitor goes on with its other outputs and the report, stops
     * writing that file (which keeps every line written before, whole), and {@link #close()} throws
     * the failure. A file that cannot be opened fails {@link #build()} instead.
     */
    public Builder onOutputFailure(Consumer<IOException> listener) {
      this.outputFailureListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Writes every address in the log and the alerts file as its keyed pseudonym, and gives alerts
     * keyed ids (see {@link Pseudonyms}); the engine, the policy and the report objects this
     * monitor returns keep the real addresses, so rules, allow-lists and home networks work as
     * ever. Render a report for others with {@link SecurityReport#withSourcesRenamed} and {@link
     * Pseudonyms#text}, as {@code nsm run --pseudonymize-key} does.
     */
    public Builder pseudonyms(Pseudonyms pseudonyms) {
      this.pseudonyms = pseudonyms;
      return this;
    }

    /** How many sources the report tracks before it evicts quiet ones. */
    public Builder maxTrackedSources(int max) {
      this.maxTrackedSources = max;
      return this;
    }

    /**
     * How many facts the session holds at most (default {@value #DEFAULT_MAX_FACTS}). Windows and
     * {@code @expires} bound them in time; this bounds them in number, for a flood too fast for
     * that: beyond it the oldest fact is dropped before its windows end, and counted ({@link
     * #evictedFacts()}).
     */
    public Builder maxFacts(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxFacts must be at least 1, got " + max);
      }
      this.maxFacts = max;
      return this;
    }

    /**
     * Runs the rules in this many sessions, each on a thread of its own, with every source's facts
     * in one of them; the thread that feeds the monitor meanwhile goes on (decoding a capture, for
     * instance). Without this call the rules run in one session on the feeding thread. The alerts
     * and their order are the same either way; with shards, alerts reach the outputs in batches
     * (cut every 50 ms of event time) once every shard has finished the batch: a busy shard may
     * hold them back while the others run a few batches ahead, never past {@link #advanceTo} or
     * {@link #generateReport}. The facts cap is shared between the sessions. A ruleset with a rule
     * that compares sources ({@code @scope("all-sources")}) runs in one session whatever is asked.
     */
    public Builder shards(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("shards must be at least 1, got " + count);
      }
      this.shards = count;
      return this;
    }

    /**
     * Compiles the ruleset against the policy and opens the outputs.
     *
     * @throws InvalidInputException listing every problem of the ruleset and policy files
     * @throws IOException when an output cannot be opened
     */
    public NetworkSecurityMonitor build() throws InvalidInputException, IOException {
      return new NetworkSecurityMonitor(open());
    }

    private Parts open() throws InvalidInputException, IOException {
      if (compiled != null && (rulesDir != null || !policyFiles.isEmpty())) {
        throw new IllegalStateException(
            "a compiled ruleset already has its rules and policy: give either compiled(...) or"
                + " rules(...) and policy(...)");
      }
      CompiledRuleset rules = compiled != null ? compiled : compile(rulesDir, policyFiles);
      List<AlertSink> outputs = new ArrayList<>();
      SecurityLog log = null;
      JsonLinesAlertSink alerts = null;
      try {
        if (logFile != null) {
          log = SecurityLog.open(logFile, pseudonyms);
          outputs.add(log);
        }
        if (alertsFile != null) {
          alerts = JsonLinesAlertSink.open(alertsFile, rules.hash(), Version.number(), pseudonyms);
          outputs.add(alerts);
        }
        if (log != null) {
          logStart(log, rules, alerts, pseudonyms);
        }
      } catch (IOException | UncheckedIOException e) {
        for (AlertSink output : outputs) {
          output.close();
        }
        throw e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
      }
      for (Consumer<Alert> listener : listeners) {
        outputs.add(listener::accept);
      }
      SecurityLog failureLog = log;
      Consumer<IOException> told = outputFailureListener;
      OutputFailures failures =
          new OutputFailures(
              failure -> {
                told.accept(failure);
                // Into the log too, when it is another file that failed: the audit trail says so.
                if (failureLog != null) {
                  try {
                    failureLog.error(
                        "cannot write "
                            + failure.getMessage()
                            + "; no more lines are written to it, the run goes on");
                  } catch (UncheckedIOException logFailedToo) {
                    // the log is the file that failed, or fails as well: the listener has been told
                  }
                }
              });
      return new Parts(
          rules,
          log,
          alerts,
          List.copyOf(outputs),
          failures,
          pseudonyms,
          new ReportAggregator(maxTrackedSources),
          maxFacts,
          shards);
    }

    /** The run's first lines: what is in force, and what an interrupted earlier run left. */
    private static void logStart(
        SecurityLog log, CompiledRuleset rules, JsonLinesAlertSink alerts, Pseudonyms pseudonyms) {
      log.info(
          "nsm "
              + Version.number()
              + " started: ruleset "
              + rules.ruleset().name()
              + " ("
              + rules.hash()
              + ", "
              + rules.rules().size()
              + " rules), policy "
              + String.join(", ", rules.policy().files()));
      for (Diagnostic warning : rules.warnings()) {
        log.warn(warning.toString());
      }
      if (pseudonyms != null) {
        log.info(
            "addresses are pseudonymised (HMAC-SHA256) with the key of fingerprint "
                + pseudonyms.fingerprint());
      }
      if (log.repairedTornLine() != null) {
        log.warn(log.repairedTornLine());
      }
      if (alerts != null && alerts.repairedTornLine() != null) {
        log.warn(alerts.repairedTornLine());
      }
    }
  }

  /** Loads the policy (with the ruleset's own keys) and compiles the ruleset against it. */
  public static CompiledRuleset compile(Path rulesDir, List<Path> policyFiles)
      throws InvalidInputException {
    Ruleset ruleset = rulesDir == null ? Ruleset.bundled() : Ruleset.load(rulesDir);
    Policy policy = new PolicyLoader(ruleset.schema()).load(policyFiles);
    return RulesetCompiler.compile(ruleset, policy);
  }
}
