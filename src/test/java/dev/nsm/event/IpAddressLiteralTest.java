package dev.nsm.event;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressLiteralTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.0.0.0",
        "198.51.100.23",
        "255.255.255.255",
        "::",
        "::1",
        "1::",
        "2001:db8::1",
        "2001:DB8:0:0:8:800:200C:417A",
        "1:2:3:4:5:6:7::",
        "::ffff:192.0.2.1",
        "64:ff9b::192.0.2.33",
        "1:2:3:4:5:6:192.0.2.1"
      })
  void acceptsAddressLiterals(String text) {
    assertTrue((IpAddress.parse(text) != null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "example.com",
        "999.1.1.1",
        "256.0.0.1",
        "1.2.3",
        "1.2.3.4.5",
        "01.2.3.4",
        "1.2.3.4 ",
        "1.2.3.-4",
        "١.٢.٣.٤", // Arabic-Indic digits: Character.isDigit would let these through
        ":",
        ":::",
        "1:::2",
        "1::2::3",
        "12345::",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8::",
        ":1:2:3:4:5:6:7",
        "1.2.3.4::",
        "::1.2.3",
        "fe80::1%eth0",
        "[::1]",
        "g::1"
      })
  void rejectsEverythingElse(String text) {
    assertFalse((IpAddress.parse(text) != null));
  }
}
