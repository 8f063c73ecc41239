package dev.nsm.report;

import dev.nsm.event.Alert;
import dev.nsm.event.IpAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms for addresses, so outputs can be shared without the addresses behind them.
 *
 * <p>The pseudonym of an address is {@code ip-} and the first 64 bits, in hex, of HMAC-SHA256 over
 * the address's bytes (4 for IPv4, 16 for IPv6; an IPv4-mapped IPv6 address is its IPv4 address):
 * {@code ip-3f9a1c2b7e4d5a60}. The same key gives the same pseudonym in every run, so correlations
 * hold across files and runs; without the key, no one can tell which address is behind one, nor
 * confirm a guess. 64 bits make a collision negligible: among a million distinct addresses, the
 * chance that any two share a pseudonym is about 3 in 100 million. With the key, anyone can compute
 * the pseudonym of an address and compare ({@code nsm pseudonym}), as can {@code openssl dgst
 * -sha256 -mac HMAC}.
 *
 * <p>An IPv6 source network ({@code 2001:db8:1:2::/64}) becomes the pseudonym of its first address
 * with the prefix length kept: {@code ip-.../64}.
 *
 * <p>Alert ids hash the source address and event time, so anyone could confirm a guessed address
 * from them: they are replaced by a keyed hash of the id ({@link #alertId}), still deterministic.
 */
public final class Pseudonyms {

  /** How pseudonyms begin, so a reader sees at once that an address was replaced. */
  public static final String PREFIX = "ip-";

  private static final int PSEUDONYM_BYTES = 8;
  private static final int ALERT_ID_BYTES = 10;
  private static final HexFormat HEX = HexFormat.of();

  private final Mac mac;
  private final String fingerprint;

  /**
   * @param key at least 32 bytes, as {@link PseudonymKeyFile} reads it
   */
  public Pseudonyms(byte[] key) {
    if (key.length < PseudonymKeyFile.MIN_BYTES) {
      throw new IllegalArgumentException(
          "a pseudonym key needs at least " + PseudonymKeyFile.MIN_BYTES + " bytes");
    }
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
    fingerprint = HEX.formatHex(hmac(utf8("nsm key fingerprint")), 0, PSEUDONYM_BYTES);
  }

  /** The pseudonym of an address, given its 4 or 16 bytes. */
  public String of(byte[] address) {
    byte[] canonical =
        IpAddress.isIpv4Mapped(address) ? Arrays.copyOfRange(address, 12, 16) : address;
    return PREFIX + HEX.formatHex(hmac(canonical), 0, PSEUDONYM_BYTES);
  }

  /**
   * The pseudonym of an address literal, or of a network in CIDR notation ({@code 2001:db8::/64}:
   * the pseudonym of its first address, then the prefix length).
   *
   * @throws IllegalArgumentException if the text is neither
   */
  public String of(String addressOrNetwork) {
    int slash = addressOrNetwork.indexOf('/');
    String literal = slash < 0 ? addressOrNetwork : addressOrNetwork.substring(0, slash);
    byte[] address = IpAddress.parse(literal);
    if (address == null) {
      throw new IllegalArgumentException("'" + addressOrNetwork + "' is not an IP address");
    }
    if (slash < 0) {
      return of(address);
    }
    int bits = prefixLength(addressOrNetwork.substring(slash + 1), address.length * 8);
    if (bits < 0) {
      throw new IllegalArgumentException(
          "'" + addressOrNetwork + "' has no valid prefix length after the /");
    }
    return of(networkOf(address, bits)) + "/" + bits;
  }

  /** The text with every address literal in it replaced by its pseudonym. */
  public String text(String text) {
    return AddressLiterals.replace(text, this::of);
  }

  /**
   * A keyed hash of an alert id, in the same shape: deterministic, and no address can be confirmed
   * from it.
   */
  public String alertId(String id) {
    return HEX.formatHex(hmac(utf8("nsm alert id " + id)), 0, ALERT_ID_BYTES);
  }

  /**
   * The alert with its id replaced by {@link #alertId}; addresses are replaced where it is written.
   */
  public Alert withAlertId(Alert a) {
    return a.withId(alertId(a.id()));
  }

  /**
   * Identifies the key without revealing it (a keyed hash of a fixed text), so a reader of
   * pseudonymised output knows which key made it.
   */
  public String fingerprint() {
    return fingerprint;
  }

  private synchronized byte[] hmac(byte[] message) {
    return mac.doFinal(message);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static int prefixLength(String digits, int max) {
    if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int bits = Integer.parseInt(digits);
    return bits <= max ? bits : -1;
  }

  private static byte[] networkOf(byte[] address, int bits) {
    byte[] network = address.clone();
    for (int i = 0; i < network.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      network[i] &= (byte) (0xff << (8 - keep));
    }
    return network;
  }
}
