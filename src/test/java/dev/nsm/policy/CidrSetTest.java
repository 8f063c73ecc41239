package dev.nsm.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrSetTest {

  @Test
  void ipv4NetworkContainsItsAddressesOnly() {
    CidrSet set = CidrSet.of(List.of("10.20.0.0/16"));

    assertTrue(set.contains("10.20.0.0"));
    assertTrue(set.contains("10.20.255.255"));
    assertFalse(set.contains("10.21.0.0"));
    assertFalse(set.contains("10.19.255.255"));
  }

  @Test
  void slash32MatchesOneHostAndSlash0MatchesEveryIpv4Address() {
    CidrSet host = CidrSet.of(List.of("192.0.2.7/32"));
    CidrSet everything = CidrSet.of(List.of("0.0.0.0/0"));

    assertTrue(host.contains("192.0.2.7"));
    assertFalse(host.contains("192.0.2.8"));
    assertTrue(everything.contains("0.0.0.0"));
    assertTrue(everything.contains("255.255.255.255"));
    assertTrue(everything.contains("128.0.0.1"), "sign bit set");
    assertFalse(everything.contains("2001:db8::1"), "IPv4 /0 is not every IPv6 address");
  }

  @Test
  void bareAddressMeansOneHost() {
    CidrSet set = CidrSet.of(List.of("192.0.2.7", "2001:db8::1"));

    assertEquals(List.of("192.0.2.7/32", "2001:db8::1/128"), set.cidrs());
    assertTrue(set.contains("192.0.2.7"));
    assertTrue(set.contains("2001:db8:0::1"));
    assertFalse(set.contains("2001:db8::2"));
  }

  @Test
  void ipv6NetworkMatchesOnPrefixBitsIncludingPartialBytes() {
    CidrSet set = CidrSet.of(List.of("2001:db8:80::/41"));

    assertTrue(set.contains("2001:db8:80::1"));
    assertTrue(set.contains("2001:db8:ff:ffff::1"));
    assertFalse(set.contains("2001:db8:7f:ffff::1"));
    assertFalse(set.contains("2001:db8:100::"));
  }

  @Test
  void ipv6SlashZeroAndSlash128Edges() {
    assertTrue(CidrSet.of(List.of("::/0")).contains("ffff::1"));
    assertFalse(CidrSet.of(List.of("::/0")).contains("10.0.0.1"));
    assertTrue(CidrSet.of(List.of("::1/128")).contains("::1"));
    assertFalse(CidrSet.of(List.of("::1/128")).contains("::2"));
  }

  @Test
  void ipv4MappedIpv6AddressMatchesIpv4Networks() {
    CidrSet set = CidrSet.of(List.of("10.0.0.0/8"));

    assertTrue(set.contains("::ffff:10.1.2.3"));
    assertTrue(set.contains("::FFFF:a01:203"));
    assertFalse(set.contains("::ffff:11.1.2.3"));
    assertFalse(set.contains("::10.1.2.3"), "IPv4-compatible form is not mapped");
  }

  @Test
  void badTextIsNotContainedAndDoesNotThrow() {
    CidrSet set = CidrSet.of(List.of("0.0.0.0/0", "::/0"));

    for (String text :
        new String[] {
          "", "localhost", "10.0.0", "10.0.0.256", "10.0.0.1.", "1:2:3", ":::", "10.0.0.01", "x:y"
        }) {
      assertFalse(set.contains(text), text);
    }
    assertFalse(set.contains(null));
  }

  @Test
  void invalidCidrsAreRejectedNamingTheExpectedForm() {
    for (String bad :
        List.of("10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "example.com/8", "10.0.0.0/-1")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> CidrSet.of(List.of(bad)), bad);
      assertEquals("'" + bad + "' is not a CIDR (" + CidrSet.EXPECTED + ")", e.getMessage());
    }
  }

  @Test
  void ipv4LookupAllocatesNothing() {
    CidrSet set = CidrSet.of(List.of("10.0.0.0/8", "192.168.0.0/16", "2001:db8::/32"));
    String[] addresses = {"10.1.2.3", "192.168.7.7", "172.16.0.1", "8.8.8.8"};
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int hits = 0;
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 200_000; i++) {
      hits += set.contains(addresses[i & 3]) ? 1 : 0;
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertEquals(100_000, hits);
    // A per-lookup allocation of even 16 bytes would show as 3.2 MB here.
    assertTrue(allocated < 100_000, "allocated " + allocated + " bytes");
  }

  @Test
  void setsWithTheSameNetworksAreEqual() {
    assertEquals(
        CidrSet.of(List.of("2001:DB8::/32", "10.0.0.0/8")),
        CidrSet.of(List.of("2001:db8:0::/32", "10.0.0.0/8")));
    assertTrue(CidrSet.empty().isEmpty());
    assertFalse(CidrSet.empty().contains("10.0.0.1"));
  }
}
