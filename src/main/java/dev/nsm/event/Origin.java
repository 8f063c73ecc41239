package dev.nsm.event;

import java.util.Objects;

/**
 * Where a fact came from, so an analyst can go back to it: a frame of a capture file, a line of a
 * log or events file, or the n-th call of the library API.
 *
 * @param kind what {@code position} counts
 * @param name the file name (as given by the user), or "api"
 * @param position frame number or line number (1-based), or the call's sequence number
 */
public record Origin(Kind kind, String name, long position) {

  /** What the position of an origin counts. */
  public enum Kind {
    FRAME,
    LINE,
    CALL
  }

  public Origin {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  public static Origin frame(String file, long frameNumber) {
    return new Origin(Kind.FRAME, file, frameNumber);
  }

  public static Origin line(String file, long lineNumber) {
    return new Origin(Kind.LINE, file, lineNumber);
  }

  public static Origin call(long sequence) {
    return new Origin(Kind.CALL, "api", sequence);
  }

  /** "capture.pcap frame 12", "auth.log line 34", "api call 7". */
  @Override
  public String toString() {
    return switch (kind) {
      case FRAME -> name + " frame " + position;
      case LINE -> name + " line " + position;
      case CALL -> "api call " + position;
    };
  }
}
