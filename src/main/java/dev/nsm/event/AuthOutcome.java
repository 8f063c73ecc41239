package dev.nsm.event;

import java.util.Locale;

/** Whether an authentication attempt succeeded. */
public enum AuthOutcome {
  SUCCESS,
  FAILURE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses "success" or "failure" in any case. */
  public static AuthOutcome parse(String text) {
    for (AuthOutcome o : values()) {
      if (o.name().equalsIgnoreCase(text)) {
        return o;
      }
    }
    throw new IllegalArgumentException(
        "unknown outcome '" + text + "', expected success or failure");
  }
}
