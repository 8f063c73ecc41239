package dev.nsm.engine;

/**
 * A rule that compares sources — many sources against one host within 10 s — for the tests of
 * sharding: it needs every source's facts in one session. Its metadata is on line 6.
 */
public final class CrossSourceRule {

  private static final String TEXT =
      """
      package site.rules;
      import dev.nsm.event.Connection;
      import dev.nsm.policy.Detection;
      global dev.nsm.engine.AlertRaiser alerts;

      rule "Distributed scan of one host"
          @id("distributed-scan") @severity("high") @scope("%s")
      when
          $d : Detection(id == "distributed-scan", enabled)
          $c : Connection($host : dstIp, alerts.admits($d, this))
               over window:time(1ms) from entry-point "connections"
          accumulate(
              $e : Connection(dstIp == $host, $src : source)
                   over window:time(10s) from entry-point "connections";
              $sources : collectSet($src), $facts : collectList($e);
              $sources.size() >= %d)
      then
          alerts.raise(drools, $d, $sources.size(), $facts, $sources.size() + " sources");
      end
      """;

  /** The rule's DRL with {@code @scope(scope)}, alerting at {@code sources} distinct sources. */
  public static String text(String scope, int sources) {
    return TEXT.formatted(scope, sources);
  }

  private CrossSourceRule() {}
}
