package dev.nsm.report;

import dev.nsm.event.IpAddress;
import java.util.function.Function;

/**
 * Finds the IPv4 and IPv6 address literals in a line of output and replaces each one. It reads
 * output as nsm writes it, after escaping: a backslash escape ({@code \t}, {@code \x1b}, {@code
 * \u00e9}, {@code \\}) is skipped as a whole and ends a word, so an address right after one is
 * still found.
 *
 * <p>A literal is a run of hex digits, dots and colons that starts and ends a word (no letter,
 * digit or underscore touches it) and parses as an address: {@code 198.51.100.7}, {@code
 * 2001:db8::7}, {@code ::ffff:198.51.100.7}, also when followed by a port ({@code
 * 198.51.100.7:443}, {@code [2001:db8::7]:443}), a prefix length ({@code 2001:db8:1:2::/64}) or the
 * full stop or colon of a sentence. Times ({@code 08:52:51.369031Z}), hex ids and version numbers
 * are not addresses and stay as they are.
 */
final class AddressLiterals {

  private AddressLiterals() {}

  /**
   * The text with every address literal replaced.
   *
   * @param replacement the text for an address, given its bytes (4 for IPv4, 16 for IPv6)
   */
  static String replace(String text, Function<byte[], String> replacement) {
    StringBuilder out = null;
    int copied = 0;
    int length = text.length();
    boolean wordStart = true;
    for (int i = 0; i < length; ) {
      char c = text.charAt(i);
      if (c == '\\') {
        i += escapeLength(text, i);
        wordStart = true;
        continue;
      }
      if (!wordStart || !isLiteralChar(c)) {
        wordStart = !isWordChar(c);
        i++;
        continue;
      }
      int end = i;
      while (end < length && isLiteralChar(text.charAt(end))) {
        end++;
      }
      boolean endsWord = end == length || !isWordChar(text.charAt(end));
      int literalEnd = endsWord ? literalEnd(text, i, end) : -1;
      if (literalEnd > 0) {
        if (out == null) {
          out = new StringBuilder(length + 16);
        }
        byte[] address = IpAddress.parse(text.substring(i, literalEnd));
        out.append(text, copied, i).append(replacement.apply(address));
        copied = literalEnd;
        i = literalEnd;
      } else {
        i = end;
      }
      wordStart = false;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, length).toString();
  }

  /**
   * Where the address in the run {@code [start, end)} ends, or -1 if the run holds none: the whole
   * run, the run without a trailing full stop or colon, or an IPv4 address before {@code :port}.
   */
  private static int literalEnd(String text, int start, int end) {
    for (int cut = end; cut > start && end - cut <= 2; cut--) {
      if (cut < end && text.charAt(cut) != '.' && text.charAt(cut) != ':') {
        break;
      }
      if (isAddress(text.substring(start, cut))) {
        return cut;
      }
    }
    int colon = text.indexOf(':', start);
    if (colon > start && colon < end && text.lastIndexOf(':', end - 1) == colon) {
      String host = text.substring(start, colon);
      if (IpAddress.parseIpv4(host) >= 0) {
        return colon;
      }
    }
    return -1;
  }

  private static boolean isAddress(String candidate) {
    boolean separated = candidate.indexOf('.') >= 0 || candidate.indexOf(':') >= 0;
    return separated && IpAddress.parse(candidate) != null;
  }

  /** {@code \xHH} and {@code \}{@code uHHHH} carry digits of their own; others are two chars. */
  private static int escapeLength(String text, int at) {
    if (at + 1 >= text.length()) {
      return 1;
    }
    return switch (text.charAt(at + 1)) {
      case 'x' -> 4;
      case 'u' -> 6;
      default -> 2;
    };
  }

  private static boolean isLiteralChar(char c) {
    return (c >= '0' && c <= '9')
        || (c >= 'a' && c <= 'f')
        || (c >= 'A' && c <= 'F')
        || c == '.'
        || c == ':';
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
