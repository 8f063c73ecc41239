package dev.nsm.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Transport;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PolicyTest {

  private static Policy policy(List<String> home, int ipv6Prefix) {
    return new Policy(
        1,
        CidrSet.of(home),
        CidrSet.of(List.of("192.0.2.0/24")),
        Map.of(Transport.TCP, PortSet.of(22, 443)),
        ipv6Prefix,
        new TreeMap<>(),
        List.of());
  }

  @Test
  void sourceKeyGroupsIpv6SourcesByConfiguredPrefix() {
    Policy policy = policy(List.of(), 64);

    assertEquals("2001:db8:1:2::/64", policy.sourceKey("2001:DB8:1:2:aaaa:bbbb:cccc:dddd"));
    assertEquals("2001:db8:1:2::/64", policy.sourceKey("2001:db8:1:2::1"));
    assertEquals("2001:db8:1:3::/64", policy.sourceKey("2001:db8:1:3::1"));
  }

  @Test
  void sourceKeyWithPrefix128IsTheCanonicalAddress() {
    Policy policy = policy(List.of(), 128);

    assertEquals("2001:db8::1", policy.sourceKey("2001:0DB8:0000:0000:0000:0000:0000:0001"));
  }

  @Test
  void sourceKeyLeavesIpv4AndNonAddressesAsGiven() {
    Policy policy = policy(List.of(), 64);

    assertEquals("10.0.0.1", policy.sourceKey("10.0.0.1"));
    assertEquals("10.0.0.1", policy.sourceKey("::ffff:10.0.0.1"));
    assertEquals("host:name", policy.sourceKey("host:name"));
    assertEquals("localhost", policy.sourceKey("localhost"));
    assertNull(policy.sourceKey(null));
  }

  @Test
  void everyAddressIsHomeWhenNoHomeNetworksAreSet() {
    Policy open = policy(List.of(), 64);
    Policy scoped = policy(List.of("10.0.0.0/8"), 64);

    assertTrue(open.isHome("8.8.8.8"));
    assertTrue(scoped.isHome("10.1.2.3"));
    assertFalse(scoped.isHome("8.8.8.8"));
    assertTrue(scoped.isHome(null), "an unknown destination is the monitored host");
  }

  @Test
  void icmpIsAlwaysStandardAndAMissingTransportNever() {
    Policy policy = policy(List.of(), 64);

    assertTrue(policy.isStandardPort(Transport.ICMP, 0));
    assertTrue(policy.isStandardPort(Transport.TCP, 22));
    assertFalse(policy.isStandardPort(Transport.TCP, 23));
    assertFalse(policy.isStandardPort(Transport.UDP, 53));
  }

  @Test
  void globalAllowListMatchesItsNetworks() {
    Policy policy = policy(List.of(), 64);

    assertTrue(policy.isAllowed("192.0.2.200"));
    assertFalse(policy.isAllowed("192.0.3.1"));
    assertFalse(policy.isAllowed(null));
  }
}
