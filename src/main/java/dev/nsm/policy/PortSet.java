package dev.nsm.policy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A set of TCP or UDP ports, asked once per connection. Backed by a 65536-bit {@link BitSet} so a
 * lookup is one array read and allocates nothing (an {@code in (...)} list in DRL costs a
 * BigDecimal comparison per element instead).
 */
public final class PortSet {

  static final String EXPECTED = "expected a port 0-65535 or a range like 8000-8080";

  private static final Pattern NUMBER = Pattern.compile("[0-9]+");
  private static final Pattern RANGE = Pattern.compile("([0-9]+)\\s*-\\s*([0-9]+)");
  private static final PortSet EMPTY = new PortSet(new BitSet(0));

  private final BitSet ports;

  private PortSet(BitSet ports) {
    this.ports = ports;
  }

  public static PortSet empty() {
    return EMPTY;
  }

  /** The given port numbers; throws IllegalArgumentException for one outside 0-65535. */
  public static PortSet of(int... ports) {
    BitSet bits = new BitSet(65536);
    for (int port : ports) {
      checkRange(port, Integer.toString(port));
      bits.set(port);
    }
    return new PortSet(bits);
  }

  /**
   * Ports from texts such as {@code "22"} and {@code "8000-8080"}.
   *
   * @throws IllegalArgumentException naming the first bad entry and the expected form
   */
  public static PortSet of(List<String> specs) {
    BitSet bits = new BitSet(65536);
    for (String spec : specs) {
      int[] range = parseRange(spec);
      bits.set(range[0], range[1] + 1);
    }
    return new PortSet(bits);
  }

  /**
   * Parses one entry: a port or an inclusive range.
   *
   * @return {low, high}
   * @throws IllegalArgumentException with a message naming the entry and the expected form
   */
  static int[] parseRange(String spec) {
    String text = spec == null ? "" : spec.strip();
    if (NUMBER.matcher(text).matches()) {
      int port = checkRange(parseNumber(text), text);
      return new int[] {port, port};
    }
    Matcher range = RANGE.matcher(text);
    if (range.matches()) {
      int low = checkRange(parseNumber(range.group(1)), text);
      int high = checkRange(parseNumber(range.group(2)), text);
      if (low > high) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a range (expected low-high with low <= high, e.g. 8000-8080)");
      }
      return new int[] {low, high};
    }
    throw new IllegalArgumentException("'" + spec + "' is not a port (" + EXPECTED + ")");
  }

  /** True when the port is in the set; false for numbers outside 0-65535. */
  public boolean contains(int port) {
    return port >= 0 && port <= 65535 && ports.get(port);
  }

  public boolean isEmpty() {
    return ports.isEmpty();
  }

  /** The set as sorted entries, consecutive ports joined into ranges: {@code ["20-23", "25"]}. */
  public List<String> ranges() {
    List<String> out = new ArrayList<>();
    for (int low = ports.nextSetBit(0); low >= 0; ) {
      int high = ports.nextClearBit(low) - 1;
      out.add(low == high ? Integer.toString(low) : low + "-" + high);
      low = high + 1 > 65535 ? -1 : ports.nextSetBit(high + 1);
    }
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PortSet that && ports.equals(that.ports);
  }

  @Override
  public int hashCode() {
    return ports.hashCode();
  }

  @Override
  public String toString() {
    return ranges().toString();
  }

  private static int parseNumber(String digits) {
    // More than six digits cannot be a port; keep the text short enough to parse as an int.
    return digits.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(digits);
  }

  private static int checkRange(int port, String text) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          (port == Integer.MAX_VALUE ? text : Integer.toString(port))
              + " is out of range ("
              + EXPECTED
              + ")");
    }
    return port;
  }
}
