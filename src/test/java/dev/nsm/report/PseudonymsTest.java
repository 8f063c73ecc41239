package dev.nsm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PseudonymsTest {

  /** 00 01 02 ... 1f. */
  private static final byte[] KEY = key(0);

  private final Pseudonyms pseudonyms = new Pseudonyms(KEY);

  @Test
  void isTheFirst64BitsOfHmacSha256OverTheAddressBytesAsOpensslComputesIt() {
    // printf '\xc6\x33\x64\x07' | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f
    assertEquals("ip-ff5d70c4d4881334", pseudonyms.of("198.51.100.7"));
  }

  @Test
  void isTheSameForEverySpellingOfTheAddressAndDiffersBetweenAddressesAndKeys() {
    assertEquals(pseudonyms.of("198.51.100.7"), pseudonyms.of("::ffff:198.51.100.7"));
    assertEquals(pseudonyms.of("2001:db8::7"), pseudonyms.of("2001:DB8:0:0::7"));
    assertNotEquals(pseudonyms.of("198.51.100.7"), pseudonyms.of("198.51.100.8"));
    assertNotEquals(pseudonyms.of("198.51.100.7"), new Pseudonyms(key(1)).of("198.51.100.7"));
    assertEquals(pseudonyms.of("198.51.100.7"), new Pseudonyms(KEY.clone()).of("198.51.100.7"));
  }

  @Test
  void aNetworkIsItsFirstAddressWithThePrefixLength() {
    assertEquals("ip-f77bd36b09e08fb2/64", pseudonyms.of("2001:db8:1:2::/64"));
    assertEquals("ip-f77bd36b09e08fb2/64", pseudonyms.of("2001:db8:1:2::99/64"));
    assertEquals(pseudonyms.of("198.51.100.0") + "/24", pseudonyms.of("198.51.100.7/24"));
    assertThrows(IllegalArgumentException.class, () -> pseudonyms.of("198.51.100.7/33"));
    assertThrows(IllegalArgumentException.class, () -> pseudonyms.of("host.example"));
  }

  @Test
  void textKeepsCorrelationsLineUpWithTheSameAddressEverywhere() {
    String text = pseudonyms.text("198.51.100.7 -> 203.0.113.10:22, again 198.51.100.7");
    String seven = pseudonyms.of("198.51.100.7");
    assertEquals(seven + " -> " + pseudonyms.of("203.0.113.10") + ":22, again " + seven, text);
    assertEquals(text, pseudonyms.text(text), "a pseudonym is not replaced again");
  }

  @Test
  void alertIdsAreKeyedDeterministicAndShapedLikeIds() {
    String id = pseudonyms.alertId("38b1ae98a9fee8b698c3");
    assertTrue(id.matches("[0-9a-f]{20}"), id);
    assertEquals(id, new Pseudonyms(KEY).alertId("38b1ae98a9fee8b698c3"));
    assertNotEquals(id, new Pseudonyms(key(1)).alertId("38b1ae98a9fee8b698c3"));
  }

  @Test
  void refusesAKeyShorterThan32Bytes() {
    assertThrows(IllegalArgumentException.class, () -> new Pseudonyms(Arrays.copyOf(KEY, 31)));
  }

  private static byte[] key(int first) {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (first + i);
    }
    return key;
  }
}
