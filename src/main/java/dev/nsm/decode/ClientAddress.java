package dev.nsm.decode;

import dev.nsm.event.IpAddress;

/**
 * The client address of a log line, as canonical text. Only IP literals are accepted, never host
 * names: resolving attacker-supplied names through DNS would let a log line stall or steer us.
 */
final class ClientAddress {

  private ClientAddress() {}

  /**
   * Canonical text of {@code text}, accepting the spellings daemons use: {@code [::ffff:1.2.3.4]}
   * (courier), {@code ::ffff:1.2.3.4} (vsftpd on a dual-stack socket, shown as the IPv4 address).
   *
   * @throws MalformedAuthLineException when the text is not an IP literal
   */
  static String parse(String text, String what) {
    String literal = text;
    if (literal.length() > 1 && literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    byte[] address = IpAddress.parse(literal);
    if (address == null) {
      throw new MalformedAuthLineException(
          what + " address is not an IP literal: '" + Snippets.shorten(text) + "'");
    }
    if (IpAddress.isIpv4Mapped(address)) {
      return IpAddress.format(IpAddress.ipv4Bytes(IpAddress.lowIpv4(address)));
    }
    return IpAddress.format(address);
  }
}
