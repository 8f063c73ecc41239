package dev.nsm.report;

import dev.nsm.event.Alert;
import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Connection;
import dev.nsm.event.Evidence;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;
import dev.nsm.event.Severity;
import dev.nsm.event.Transport;
import java.util.List;

/** Hand-built facts and alerts for the report tests. */
final class TestFacts {

  /** 2026-11-25T08:40:01.123456Z. */
  static final long T0 = 1_795_596_001_123_456L;

  static final long SECOND = 1_000_000L;
  static final long MINUTE = 60 * SECOND;

  private TestFacts() {}

  static Connection connection(long micros, String srcIp, int dstPort) {
    return Connection.of(
        micros,
        srcIp,
        40000,
        "203.0.113.10",
        dstPort,
        Transport.TCP,
        Origin.frame("capture.pcap", 12));
  }

  static AuthAttempt login(long micros, String srcIp, String user, AuthOutcome outcome) {
    return AuthAttempt.of(
        micros, srcIp, "203.0.113.10", 22, "ssh", user, outcome, Origin.line("auth.log", 34));
  }

  /** An alert with one contributing connection; the alert id is derived from its fields. */
  static Alert alert(String ruleId, Severity severity, String source, long micros) {
    return alert(
        ruleId,
        severity,
        source,
        micros,
        "something suspicious",
        List.of(connection(micros, source, 22)));
  }

  static Alert alert(
      String ruleId,
      Severity severity,
      String source,
      long micros,
      String message,
      List<Fact> facts) {
    Evidence evidence = new Evidence(facts.size(), 1, micros - MINUTE, micros, facts, 20, 0);
    return new Alert(
        ruleId + "-" + source + "-" + micros,
        Fact.millisOf(micros),
        micros,
        ruleId,
        ruleId.replace('-', ' '),
        severity,
        source,
        source,
        40000,
        "203.0.113.10",
        22,
        Transport.TCP,
        message,
        evidence,
        0);
  }

  /** A port scan alert carrying all three kinds of evidence fact. */
  static Alert portScan(long micros, String user) {
    List<Fact> facts =
        List.of(
            connection(micros - 2 * SECOND, "198.51.100.23", 22),
            login(micros - SECOND, "198.51.100.23", user, AuthOutcome.FAILURE),
            alert("brute-force", Severity.MEDIUM, "198.51.100.23", micros - SECOND / 2));
    Evidence evidence = new Evidence(15, 15, micros - MINUTE, micros, facts, 3, 12);
    return new Alert(
        "a1b2c3",
        Fact.millisOf(micros),
        micros,
        "port-scan",
        "Port scan",
        Severity.HIGH,
        "198.51.100.23",
        "198.51.100.23",
        51234,
        "203.0.113.10",
        443,
        Transport.TCP,
        "15 distinct ports on 203.0.113.10 within 60s (threshold 15)",
        evidence,
        2);
  }
}
