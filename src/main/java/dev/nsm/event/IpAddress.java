package dev.nsm.event;

/**
 * Strict parsing and canonical formatting of IP address literals.
 *
 * <p>Deliberately not {@link java.net.InetAddress#getByName}: that resolves any text that is not a
 * literal through DNS, which would let packet or log content trigger lookups and stall the engine.
 * Here text that is not a literal is simply not an address.
 */
public final class IpAddress {

  private IpAddress() {}

  /**
   * Parses an IPv4 dotted quad ({@code 10.0.0.1}) or an IPv6 literal ({@code 2001:db8::1}, {@code
   * ::ffff:10.0.0.1}).
   *
   * @return 4 bytes for IPv4, 16 for IPv6, or {@code null} when the text is not a literal
   */
  public static byte[] parse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    long ipv4 = parseIpv4(text);
    if (ipv4 >= 0) {
      return ipv4Bytes((int) ipv4);
    }
    return text.indexOf(':') >= 0 ? parseIpv6(text) : null;
  }

  /**
   * Parses a dotted quad without allocating, as rules call this for every fact.
   *
   * @return the address as an unsigned 32-bit value, or -1 when the text is not a dotted quad
   */
  public static long parseIpv4(CharSequence text) {
    return parseIpv4(text, 0, text == null ? 0 : text.length());
  }

  /** The canonical text: dotted quad, or RFC 5952 (lower case, longest zero run as ::). */
  public static String format(byte[] address) {
    if (address == null) {
      throw new IllegalArgumentException("address is null");
    }
    if (address.length == 4) {
      return formatIpv4(address, 0);
    }
    if (address.length != 16) {
      throw new IllegalArgumentException("expected 4 or 16 bytes, got " + address.length);
    }
    if (isIpv4Mapped(address)) {
      return "::ffff:" + formatIpv4(address, 12);
    }
    return formatIpv6(address);
  }

  /** True for {@code ::ffff:a.b.c.d}, the IPv6 spelling of an IPv4 address. */
  public static boolean isIpv4Mapped(byte[] address) {
    if (address.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
  }

  /** The low four bytes of a 16-byte address as an int. */
  public static int lowIpv4(byte[] address) {
    return ((address[12] & 0xff) << 24)
        | ((address[13] & 0xff) << 16)
        | ((address[14] & 0xff) << 8)
        | (address[15] & 0xff);
  }

  public static byte[] ipv4Bytes(int value) {
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }

  private static long parseIpv4(CharSequence text, int start, int end) {
    if (text == null || end - start < 7 || end - start > 15) {
      return -1;
    }
    long value = 0;
    int octets = 0;
    int i = start;
    while (i < end) {
      int digitsStart = i;
      int octet = 0;
      while (i < end && i - digitsStart < 4) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        octet = octet * 10 + (c - '0');
        i++;
      }
      int digits = i - digitsStart;
      // Leading zeros are refused: some parsers read "010" as octal 8, so the meaning is unclear.
      if (digits == 0
          || digits > 3
          || octet > 255
          || (digits > 1 && text.charAt(digitsStart) == '0')) {
        return -1;
      }
      value = (value << 8) | octet;
      octets++;
      if (i == end) {
        break;
      }
      if (text.charAt(i) != '.' || octets == 4) {
        return -1;
      }
      i++;
      if (i == end) {
        return -1;
      }
    }
    return octets == 4 ? value : -1;
  }

  private static byte[] parseIpv6(String text) {
    int end = text.length();
    byte[] out = new byte[16];
    int[] groups = new int[8];
    int count = 0;
    int gap = -1; // index in groups where "::" stands
    int i = 0;
    if (text.startsWith("::")) {
      gap = 0;
      i = 2;
      if (i == end) {
        return out;
      }
    } else if (text.charAt(0) == ':') {
      return null;
    }
    while (i < end) {
      int groupStart = i;
      int value = 0;
      while (i < end && hexValue(text.charAt(i)) >= 0 && i - groupStart < 5) {
        value = (value << 4) | hexValue(text.charAt(i));
        i++;
      }
      int digits = i - groupStart;
      if (i < end && text.charAt(i) == '.') {
        // The last 32 bits written as a dotted quad, as in ::ffff:10.0.0.1.
        long ipv4 = parseIpv4(text, groupStart, end);
        if (ipv4 < 0 || count > 6) {
          return null;
        }
        groups[count++] = (int) (ipv4 >>> 16);
        groups[count++] = (int) (ipv4 & 0xffff);
        break;
      }
      if (digits == 0 || digits > 4 || count == 8) {
        return null;
      }
      groups[count++] = value;
      if (i == end) {
        break;
      }
      if (text.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < end && text.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = count;
        i++;
        if (i == end) {
          break;
        }
      } else if (i == end) {
        return null;
      }
    }
    if (gap < 0 ? count != 8 : count > 7) {
      return null;
    }
    int filled = 8 - count;
    int slot = 0;
    for (int g = 0; g < count; g++) {
      if (g == gap) {
        slot += filled;
      }
      out[slot * 2] = (byte) (groups[g] >>> 8);
      out[slot * 2 + 1] = (byte) groups[g];
      slot++;
    }
    return out;
  }

  /** ASCII hex digits only: Character.digit would also accept other scripts' digits. */
  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static String formatIpv4(byte[] address, int offset) {
    return (address[offset] & 0xff)
        + "."
        + (address[offset + 1] & 0xff)
        + "."
        + (address[offset + 2] & 0xff)
        + "."
        + (address[offset + 3] & 0xff);
  }

  private static String formatIpv6(byte[] address) {
    int[] groups = new int[8];
    for (int g = 0; g < 8; g++) {
      groups[g] = ((address[g * 2] & 0xff) << 8) | (address[g * 2 + 1] & 0xff);
    }
    // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
    int bestStart = -1;
    int bestLength = 1;
    for (int g = 0; g < 8; ) {
      if (groups[g] != 0) {
        g++;
        continue;
      }
      int runStart = g;
      while (g < 8 && groups[g] == 0) {
        g++;
      }
      if (g - runStart > bestLength) {
        bestStart = runStart;
        bestLength = g - runStart;
      }
    }
    StringBuilder out = new StringBuilder(39);
    for (int g = 0; g < 8; g++) {
      if (g == bestStart) {
        out.append("::");
        g += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[g]));
    }
    return out.toString();
  }
}
