package dev.nsm.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class IpAddressTest {

  @Test
  void hostNamesAreNotAddressesAndAreNeverResolved() {
    // InetAddress.getByName would resolve these (localhost even without a network).
    assertNull(IpAddress.parse("localhost"));
    assertNull(IpAddress.parse("example.com"));
    assertNull(IpAddress.parse("1.2.3.4.example.com"));
    assertNull(IpAddress.parse("fe80::1%eth0"));
  }

  @Test
  void ipv4DottedQuadParsesToFourBytes() {
    assertArrayEquals(new byte[] {10, 0, 0, (byte) 255}, IpAddress.parse("10.0.0.255"));
    assertEquals(0xC0000207L, IpAddress.parseIpv4("192.0.2.7"));
  }

  @Test
  void malformedIpv4IsRejected() {
    String[] malformed = {
      "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", " 1.2.3.4", "1.2.3.4 ", "１.2.3.4"
    };
    for (String bad : malformed) {
      assertNull(IpAddress.parse(bad), bad);
    }
  }

  @Test
  void ipv6FormsParseToTheSameBytes() {
    byte[] expected = IpAddress.parse("2001:db8:0:0:0:0:0:1");

    assertArrayEquals(expected, IpAddress.parse("2001:DB8::1"));
    assertArrayEquals(expected, IpAddress.parse("2001:0db8:0000::0001"));
    assertArrayEquals(new byte[16], IpAddress.parse("::"));
    assertEquals(16, IpAddress.parse("1:2:3:4:5:6:7::").length);
  }

  @Test
  void malformedIpv6IsRejected() {
    for (String bad :
        new String[] {
          "1:2:3:4:5:6:7:8:9",
          "1::2::3",
          ":1:2:3:4:5:6:7",
          "1:2:3:4:5:6:7:",
          "12345::",
          "g::1",
          "1:2:3:4:5:6:7:1.2.3.4",
          "::1.2.3",
          "1:2:3:4:5:6:7:8::"
        }) {
      assertNull(IpAddress.parse(bad), bad);
    }
  }

  @Test
  void formatFollowsRfc5952() {
    assertEquals("2001:db8::1", IpAddress.format(IpAddress.parse("2001:0DB8:0:0:0:0:0:1")));
    assertEquals("2001:db8:0:1:1:1:1:1", IpAddress.format(IpAddress.parse("2001:db8:0:1:1:1:1:1")));
    assertEquals("2001:0:0:1::1", IpAddress.format(IpAddress.parse("2001:0:0:1:0:0:0:1")));
    assertEquals("2001:db8::1:0:0:1", IpAddress.format(IpAddress.parse("2001:db8:0:0:1:0:0:1")));
    assertEquals("::", IpAddress.format(new byte[16]));
    assertEquals("::ffff:10.0.0.1", IpAddress.format(IpAddress.parse("::ffff:a00:1")));
    assertEquals("10.0.0.1", IpAddress.format(IpAddress.parse("10.0.0.1")));
  }
}
