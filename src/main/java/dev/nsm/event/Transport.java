package dev.nsm.event;

import java.util.Locale;

/** The transport protocol of a connection, as rules and reports name it. */
public enum Transport {
  TCP,
  UDP,
  ICMP;

  /** The lower-case name used in policies, JSON and logs ("tcp"). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses "tcp", "UDP", ... ; throws IllegalArgumentException naming the accepted values. */
  public static Transport parse(String text) {
    for (Transport t : values()) {
      if (t.name().equalsIgnoreCase(text)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown transport '" + text + "', expected one of tcp, udp, icmp");
  }
}
