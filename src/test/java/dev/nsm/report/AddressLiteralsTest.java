package dev.nsm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nsm.event.IpAddress;
import org.junit.jupiter.api.Test;

class AddressLiteralsTest {

  /** Shows which address was found, in canonical form. */
  private static String marked(String text) {
    return AddressLiterals.replace(text, address -> "<" + IpAddress.format(address) + ">");
  }

  @Test
  void replacesAddressesInKeyValueFieldsAndFreeText() {
    assertEquals(
        "[port-scan] source=<198.51.100.77> dst=<203.0.113.10> msg=15 ports on <203.0.113.10>.",
        marked("[port-scan] source=198.51.100.77 dst=203.0.113.10 msg=15 ports on 203.0.113.10."));
  }

  @Test
  void findsIpv6InEveryShapeNsmWrites() {
    assertEquals("<2001:db8::7>", marked("2001:DB8:0::7"));
    assertEquals(
        "[<2001:db8::7>]:443 -> <203.0.113.10>:22", marked("[2001:db8::7]:443 -> 203.0.113.10:22"));
    assertEquals("source=<2001:db8:1:2::>/64", marked("source=2001:db8:1:2::/64"));
    assertEquals("<::ffff:198.51.100.7>", marked("::ffff:198.51.100.7"));
    assertEquals("from <2001:db8::1>: failed", marked("from 2001:db8::1: failed"));
  }

  @Test
  void findsAnAddressRightAfterAnEscape() {
    assertEquals("user a\\t<10.0.0.1>", marked("user a\\t10.0.0.1"));
    assertEquals("\\x1b<10.0.0.1>", marked("\\x1b10.0.0.1"));
    assertEquals("\\u00e9<2001:db8::1>", marked("\\u00e92001:db8::1"));
    assertEquals("\\\\<10.0.0.1>", marked("\\\\10.0.0.1"));
  }

  @Test
  void leavesTimesIdsVersionsAndWordsAlone() {
    String line =
        "2026-11-25 10:52:12 - ERROR - time=2026-11-25T08:52:51.369031Z id=38b1ae98a9fee8b698c3"
            + " nsm 0.1.0 ruleset 5834ac9df576990e 1.2.3.4.5 v1.2.3.4 lambda:: Foo::bar"
            + " 00:11:22:33:44:55 12:00 at 08:52:51.369";
    assertEquals(line, marked(line));
  }

  @Test
  void leavesOctetsOutOfRangeAlone() {
    assertEquals("300.1.1.1 1.2.3", marked("300.1.1.1 1.2.3"));
  }
}
