package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Alert;
import dev.nsm.event.Transport;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DeterminismRuleTest {

  private static final long MINUTE = 60_000;

  @Test
  void theSameFactsInFreshSessionsGiveTheSameAlertsInTheSameOrder() throws Exception {
    RuleHarness first = RuleHarness.freshlyCompiled();
    RuleHarness second = RuleHarness.freshlyCompiled();
    feed(first);
    feed(second);
    first.flush();
    second.flush();

    List<String> a = describe(first.alerts);
    List<String> b = describe(second.alerts);
    assertEquals(a, b);
    Set<String> rules = first.alerts.stream().map(Alert::ruleId).collect(Collectors.toSet());
    assertTrue(rules.size() >= 6, "a stream that exercises most rules: " + rules);
    assertEquals(first.suppressed, second.suppressed);
  }

  /** A seeded mix from a few sources, with many facts sharing a millisecond. */
  private static void feed(RuleHarness h) {
    Random random = new Random(20261125L);
    String[] sources = {
      "198.51.100.1", "198.51.100.2", "198.51.100.3", "2001:db8::1", "2001:db8::2"
    };
    long t = 0;
    for (int i = 0; i < 5_000; i++) {
      t += random.nextInt(3) == 0 ? random.nextInt(400) : 0;
      String src = sources[random.nextInt(sources.length)];
      int kind = random.nextInt(10);
      if (kind < 7) {
        int port = random.nextInt(4) == 0 ? 1 + random.nextInt(2000) : 443;
        Transport transport = random.nextInt(5) == 0 ? Transport.UDP : Transport.TCP;
        h.connect(t, src, "203.0.113." + (1 + random.nextInt(40)), port, transport);
      } else {
        String service = random.nextBoolean() ? "ssh" : "ftp";
        h.auth(t, src, service, "u" + random.nextInt(3), random.nextInt(8) == 0);
      }
    }
    h.advance(t + 2 * 60 * MINUTE);
  }

  private static List<String> describe(List<Alert> alerts) {
    return alerts.stream()
        .map(
            a ->
                String.join(
                    "|",
                    a.id(),
                    a.ruleId(),
                    Long.toString(a.micros()),
                    a.source(),
                    a.message(),
                    Long.toString(a.evidence().count()),
                    Long.toString(a.suppressed()),
                    a.evidence().facts().toString()))
        .toList();
  }
}
