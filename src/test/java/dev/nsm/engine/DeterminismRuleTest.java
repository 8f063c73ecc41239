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

    List<String> a = AlertLines.of(first.alerts);
    List<String> b = AlertLines.of(second.alerts);
    assertEquals(a, b);
    Set<String> rules = first.alerts.stream().map(Alert::ruleId).collect(Collectors.toSet());
    assertTrue(rules.size() >= 6, "a stream that exercises most rules: " + rules);
    assertEquals(first.suppressed, second.suppressed);
  }

  @Test
  void sessionsShardedBySourceGiveOneSessionsAlertsInItsOrder() throws Exception {
    RuleHarness one = RuleHarness.withPolicy();
    feed(one, manySources());
    one.flush();
    List<String> expected = AlertLines.of(one.alerts);
    assertTrue(expected.size() > 50, "a stream that raises many alerts: " + expected.size());
    assertTrue(one.late.size() > 10, "a stream with late facts: " + one.late.size());

    for (int shards : new int[] {2, 3}) {
      RuleHarness sharded = RuleHarness.sharded(shards);
      feed(sharded, manySources());
      sharded.flush();
      assertEquals(expected, AlertLines.of(sharded.alerts), shards + " shards");
      assertEquals(sorted(one.suppressed), sorted(sharded.suppressed), shards + " shards");
      assertEquals(
          sorted(one.late.stream().map(Object::toString).toList()),
          sorted(sharded.late.stream().map(Object::toString).toList()));
      assertEquals(one.session.nearMisses(), sharded.session.nearMisses(), shards + " shards");
      assertEquals(one.session.clock(), sharded.session.clock());
      sharded.session.close();
    }
  }

  private static List<String> sorted(List<String> list) {
    return list.stream().sorted().toList();
  }

  /** Sixty sources, so that every shard gets some, the first five of them busy. */
  private static String[] manySources() {
    String[] sources = new String[60];
    for (int i = 0; i < sources.length; i++) {
      sources[i] = i % 7 == 0 ? "2001:db8:" + i + "::1" : "198.51.100." + (i + 1);
    }
    return sources;
  }

  /** A seeded mix from a few sources, with many facts sharing a millisecond. */
  private static void feed(RuleHarness h) {
    feed(
        h,
        new String[] {
          "198.51.100.1", "198.51.100.2", "198.51.100.3", "2001:db8::1", "2001:db8::2"
        });
  }

  /** Some facts arrive up to 50 ms late; a heartbeat now and then moves time on. */
  private static void feed(RuleHarness h, String[] sources) {
    Random random = new Random(20261125L);
    boolean lateToo = sources.length > 5;
    long t = 0;
    for (int i = 0; i < 5_000; i++) {
      t += random.nextInt(3) == 0 ? random.nextInt(400) : 0;
      if (lateToo && random.nextInt(200) == 0) {
        h.advance(t + random.nextInt(30));
      }
      long at = lateToo && random.nextInt(50) == 0 ? Math.max(0, t - random.nextInt(50)) : t;
      String src = sources[random.nextInt(random.nextBoolean() ? 5 : sources.length)];
      int kind = random.nextInt(10);
      if (kind < 7) {
        int port = random.nextInt(4) == 0 ? 1 + random.nextInt(2000) : 443;
        Transport transport = random.nextInt(5) == 0 ? Transport.UDP : Transport.TCP;
        h.connect(at, src, "203.0.113." + (1 + random.nextInt(40)), port, transport);
      } else {
        String service = random.nextBoolean() ? "ssh" : "ftp";
        h.auth(at, src, service, "u" + random.nextInt(3), random.nextInt(8) == 0);
      }
    }
    h.advance(t + 2 * 60 * MINUTE);
  }
}
