package dev.nsm.policy;

import dev.nsm.event.IpAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of IPv4 and IPv6 networks, asked "does this address belong?" once per fact.
 *
 * <p>IPv4 networks are kept as (network, mask) int pairs and dotted quads are parsed without
 * allocating, so the common IPv4 lookup costs a few integer operations per network. An IPv4-mapped
 * IPv6 address ({@code ::ffff:10.0.0.1}) matches the IPv4 networks too, since it is the same host
 * seen through a dual-stack socket.
 */
public final class CidrSet {

  static final String EXPECTED =
      "expected an IPv4 or IPv6 network like 10.0.0.0/8 or 2001:db8::/32";

  private static final CidrSet EMPTY =
      new CidrSet(List.of(), new int[0], new int[0], new byte[0][], new int[0]);

  private final List<String> cidrs;
  private final int[] ipv4Networks;
  private final int[] ipv4Masks;
  private final byte[][] ipv6Networks;
  private final int[] ipv6Prefixes;

  private CidrSet(
      List<String> cidrs,
      int[] ipv4Networks,
      int[] ipv4Masks,
      byte[][] ipv6Networks,
      int[] ipv6Prefixes) {
    this.cidrs = cidrs;
    this.ipv4Networks = ipv4Networks;
    this.ipv4Masks = ipv4Masks;
    this.ipv6Networks = ipv6Networks;
    this.ipv6Prefixes = ipv6Prefixes;
  }

  public static CidrSet empty() {
    return EMPTY;
  }

  /**
   * Builds a set from CIDR texts; a bare address means that one host.
   *
   * @throws IllegalArgumentException naming the first entry that is not a CIDR and the expected
   *     form
   */
  public static CidrSet of(List<String> cidrs) {
    List<String> texts = new ArrayList<>();
    List<Network> ipv4 = new ArrayList<>();
    List<Network> ipv6 = new ArrayList<>();
    for (String text : cidrs) {
      Network network = Network.parse(text);
      texts.add(network.toString());
      (network.address().length == 4 ? ipv4 : ipv6).add(network);
    }
    if (texts.isEmpty()) {
      return EMPTY;
    }
    int[] ipv4Networks = new int[ipv4.size()];
    int[] ipv4Masks = new int[ipv4.size()];
    for (int i = 0; i < ipv4.size(); i++) {
      ipv4Masks[i] = ipv4.get(i).prefix() == 0 ? 0 : -1 << (32 - ipv4.get(i).prefix());
      ipv4Networks[i] = toInt(ipv4.get(i).address());
    }
    byte[][] ipv6Networks = new byte[ipv6.size()][];
    int[] ipv6Prefixes = new int[ipv6.size()];
    for (int i = 0; i < ipv6.size(); i++) {
      ipv6Networks[i] = ipv6.get(i).address();
      ipv6Prefixes[i] = ipv6.get(i).prefix();
    }
    return new CidrSet(List.copyOf(texts), ipv4Networks, ipv4Masks, ipv6Networks, ipv6Prefixes);
  }

  /** True when the address lies in one of the networks; false for text that is not an address. */
  public boolean contains(String ip) {
    if (ip == null || cidrs.isEmpty()) {
      return false;
    }
    long ipv4 = IpAddress.parseIpv4(ip);
    if (ipv4 >= 0) {
      return containsIpv4((int) ipv4);
    }
    if (ip.indexOf(':') < 0) {
      return false;
    }
    byte[] address = IpAddress.parse(ip);
    if (address == null) {
      return false;
    }
    if (IpAddress.isIpv4Mapped(address) && containsIpv4(IpAddress.lowIpv4(address))) {
      return true;
    }
    return containsIpv6(address);
  }

  public boolean isEmpty() {
    return cidrs.isEmpty();
  }

  /** The networks in canonical form ({@code 10.0.0.0/8}, {@code 2001:db8::/32}), in given order. */
  public List<String> cidrs() {
    return cidrs;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CidrSet that && cidrs.equals(that.cidrs);
  }

  @Override
  public int hashCode() {
    return cidrs.hashCode();
  }

  @Override
  public String toString() {
    return cidrs.toString();
  }

  private boolean containsIpv4(int address) {
    for (int i = 0; i < ipv4Networks.length; i++) {
      if ((address & ipv4Masks[i]) == ipv4Networks[i]) {
        return true;
      }
    }
    return false;
  }

  private boolean containsIpv6(byte[] address) {
    for (int i = 0; i < ipv6Networks.length; i++) {
      if (Network.matches(ipv6Networks[i], ipv6Prefixes[i], address)) {
        return true;
      }
    }
    return false;
  }

  private static int toInt(byte[] ipv4) {
    return ((ipv4[0] & 0xff) << 24)
        | ((ipv4[1] & 0xff) << 16)
        | ((ipv4[2] & 0xff) << 8)
        | (ipv4[3] & 0xff);
  }

  /** One parsed CIDR: the network address bytes and the prefix length. */
  record Network(byte[] address, int prefix) {

    /** Parses "10.0.0.0/8", "2001:db8::/32" or a bare address (one host). */
    static Network parse(String text) {
      if (text == null) {
        throw new IllegalArgumentException("null is not a CIDR (" + EXPECTED + ")");
      }
      String trimmed = text.strip();
      int slash = trimmed.indexOf('/');
      byte[] address = IpAddress.parse(slash < 0 ? trimmed : trimmed.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException("'" + text + "' is not a CIDR (" + EXPECTED + ")");
      }
      int bits = address.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String digits = trimmed.substring(slash + 1);
        if (!digits.matches("[0-9]{1,3}") || Integer.parseInt(digits) > bits) {
          throw new IllegalArgumentException("'" + text + "' is not a CIDR (" + EXPECTED + ")");
        }
        prefix = Integer.parseInt(digits);
      }
      byte[] network = masked(address, prefix);
      // A set host part usually means a typo (10.1.2.3/8 for 10.1.2.3/32?), so say what it means.
      if (!Arrays.equals(network, address)) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "' has host bits set (expected the network address, e.g. "
                + IpAddress.format(network)
                + "/"
                + prefix
                + ", or a single host like "
                + IpAddress.format(address)
                + "/"
                + bits
                + ")");
      }
      return new Network(network, prefix);
    }

    /** The address with every bit after the prefix cleared. */
    static byte[] masked(byte[] address, int prefix) {
      byte[] out = address.clone();
      for (int bit = prefix; bit < out.length * 8; bit++) {
        out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
      }
      return out;
    }

    static boolean matches(byte[] network, int prefix, byte[] address) {
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) {
        if (network[i] != address[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (network[whole] & mask) == (address[whole] & mask);
    }

    @Override
    public String toString() {
      return IpAddress.format(address) + "/" + prefix;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Network that
          && prefix == that.prefix
          && Arrays.equals(address, that.address);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(address) + prefix;
    }
  }
}
