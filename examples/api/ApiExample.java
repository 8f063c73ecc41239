// The library API in one file. Run it from the repository root after `mvn package`:
//
//   java -cp target/nsm.jar examples/api/ApiExample.java
//
// It writes ./security_monitor.log and ./alerts.jsonl, like the Python tool nsm replaces, and
// prints the security report and the suspicious-activity summary.

import dev.nsm.NetworkSecurityMonitor;
import dev.nsm.report.SecurityReport;
import dev.nsm.report.SourceSummary;
import java.time.Instant;
import java.util.Map;

public class ApiExample {
  public static void main(String[] args) throws Exception {
    Instant start = Instant.parse("2026-11-25T09:00:00Z");
    try (var monitor = new NetworkSecurityMonitor()) { // default ruleset and policy
      // Calls come in event-time order, as a live feed would deliver them.
      // Eight connection attempts in 0.7 s, to a port no standard service uses.
      for (int i = 0; i < 8; i++) {
        monitor.monitorConnection("192.168.1.100", 4444, start.plusMillis(100 * i));
      }
      // A client making ordinary requests: nothing to report.
      monitor.monitorConnection("192.168.1.10", 443, start.plusSeconds(1));
      monitor.monitorConnection("192.168.1.10", 80, start.plusSeconds(2));

      // Password guessing over SSH, then a login that works.
      for (int i = 0; i < 6; i++) {
        monitor.monitorAuthAttempt("203.0.113.66", "ssh", "root", false, start.plusSeconds(5 + i));
      }
      monitor.monitorAuthAttempt("203.0.113.66", "ssh", "root", true, start.plusSeconds(20));

      SecurityReport report = monitor.generateReport();
      System.out.println(report); // the text rendering

      Map<String, SourceSummary> summary = monitor.getSuspiciousActivitySummary();
      summary.forEach(
          (source, s) ->
              System.out.println(source + ": risk " + s.riskScore() + ", " + s.detections()));
    }
  }
}
