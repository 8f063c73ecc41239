package dev.nsm.source;

/**
 * Recognises IPv4 and IPv6 address literals from their text alone. Never a resolver call: {@code
 * InetAddress.getByName("localhost")} would succeed by asking DNS, which an events file must not be
 * able to trigger (a replay would leak names, stall, or give different facts on another host).
 */
final class IpLiteral {

  private IpLiteral() {}

  static boolean isValid(String text) {
    return isIpv4(text) || isIpv6(text);
  }

  /** Dotted decimal, four parts of 0-255, no leading zeros (some parsers read "010" as octal). */
  static boolean isIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (!isDecimalOctet(part)) {
        return false;
      }
    }
    return true;
  }

  /**
   * RFC 4291 section 2.2 text forms: eight groups of 1-4 hex digits, at most one "::" standing for
   * one or more zero groups, and optionally dotted IPv4 in place of the last two groups. No zone
   * ("%eth0") and no brackets: those name an interface or a URL, not an address.
   */
  static boolean isIpv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    if (gap < 0) {
      return groupCount(text, true) == 8;
    }
    String head = text.substring(0, gap);
    String tail = text.substring(gap + 2);
    int headGroups = head.isEmpty() ? 0 : groupCount(head, false);
    int tailGroups = tail.isEmpty() ? 0 : groupCount(tail, true);
    return headGroups >= 0 && tailGroups >= 0 && headGroups + tailGroups <= 7;
  }

  /** How many 16-bit groups a run of colon-separated groups stands for, or -1 if it is invalid. */
  private static int groupCount(String run, boolean mayEndInIpv4) {
    String[] groups = run.split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      String group = groups[i];
      boolean last = i == groups.length - 1;
      if (last && mayEndInIpv4 && group.indexOf('.') >= 0) {
        if (!isIpv4(group)) {
          return -1;
        }
        count += 2;
      } else if (isHexGroup(group)) {
        count++;
      } else {
        return -1;
      }
    }
    return count;
  }

  private static boolean isDecimalOctet(String part) {
    if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return Integer.parseInt(part) <= 255;
  }

  private static boolean isHexGroup(String group) {
    if (group.isEmpty() || group.length() > 4) {
      return false;
    }
    for (int i = 0; i < group.length(); i++) {
      char c = group.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return false;
      }
    }
    return true;
  }
}
