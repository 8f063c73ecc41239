package dev.nsm.bench.engine;

import dev.nsm.event.Transport;
import dev.nsm.policy.Policy;

/**
 * The policy's address and port sets as static functions EPL can call: the same lookups nsm's rules
 * make ({@code policy.isHome}, {@code policy.isStandardPort}, {@code $d.allows}). One policy per
 * JVM at a time, which is how the benchmarks run.
 */
public final class EsperPolicy {

  private static volatile Policy policy;

  private EsperPolicy() {}

  static void use(Policy p) {
    policy = p;
  }

  public static boolean isHome(String ip) {
    return policy.isHome(ip);
  }

  public static boolean isStandardPort(Transport transport, int port) {
    return policy.isStandardPort(transport, port);
  }

  public static boolean allows(String detection, String ip) {
    return policy.detection(detection).allows(ip);
  }
}
