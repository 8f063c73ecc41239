package dev.nsm.event;

import java.util.Locale;

/** How serious an alert is. The order is meaningful: LOW is the least severe. */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** 1 for low ... 4 for critical, as ECS {@code event.severity} wants a number. */
  public int level() {
    return ordinal() + 1;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }

  /** Parses "low", "Medium", ... ; throws IllegalArgumentException naming the accepted values. */
  public static Severity parse(String text) {
    for (Severity s : values()) {
      if (s.name().equalsIgnoreCase(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown severity '" + text + "', expected one of low, medium, high, critical");
  }
}
